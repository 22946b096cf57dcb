"""The in-house MinHash and LSH (rashomon.clean.duplicates) against datasketch's, which they replace:
the same signatures bit for bit, the same band choice, the same candidates."""

from __future__ import annotations

import random

import numpy as np
import pytest

from rashomon.clean import duplicates as dup
from rashomon.settings import DEFAULT_SETTINGS

datasketch = pytest.importorskip("datasketch")
from datasketch.lsh import _optimal_param  # noqa: E402

WORDS = [
    "the",
    "army",
    "said",
    "rebels",
    "shelled",
    "town",
    "near",
    "border",
    "talks",
    "resume",
    "ceasefire",
    "monday",
    "killed",
    "two",
]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _reference(text: str, num_perm: int = DEFAULT_SETTINGS.minhash_permutations) -> object:
    signature = datasketch.MinHash(num_perm=num_perm, scheme="affine64")
    signature.update_batch([s.encode("utf-8") for s in dup.shingles(text, DEFAULT_SETTINGS.shingle_words)])
    return signature


def test_signatures_are_datasketchs_bit_for_bit() -> None:
    rng = random.Random(7)
    texts = ["", "one", "Ünïcode – “quotes” and 2024 numbers", *(_text(rng, n) for n in (3, 5, 6, 50, 400))]
    for text in texts:
        ours = dup.minhash_of(text)
        assert ours.hashvalues.dtype == np.uint64
        assert dup.signature_bytes(ours) == np.asarray(_reference(text).hashvalues, np.uint64).tobytes()
    for num_perm in (16, 64, 256):
        text = _text(rng, 80)
        ours = dup.MinHash(num_perm=num_perm)
        ours.update_batch([s.encode() for s in dup.shingles(text, 5)])
        assert np.array_equal(ours.hashvalues, _reference(text, num_perm).hashvalues)


def test_jaccard_is_datasketchs() -> None:
    rng = random.Random(3)
    base = _text(rng, 200)
    for other in (base, base + " " + _text(rng, 30), _text(rng, 200)):
        expected = _reference(base).jaccard(_reference(other))
        assert dup.minhash_of(base).jaccard(dup.minhash_of(other)) == expected


@pytest.mark.parametrize("num_perm", [8, 32, 64, 128, 256])
def test_bands_are_datasketchs(num_perm: int) -> None:
    for threshold in (0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95):
        assert dup.lsh_bands(threshold, num_perm) == _optimal_param(threshold, num_perm, 0.5, 0.5)


def test_candidates_are_datasketchs() -> None:
    rng = random.Random(11)
    stories = [_text(rng, 120) for _ in range(6)]
    texts = [s + " " + _text(rng, rng.randint(0, 25)) for s in stories for _ in range(4)]
    reference = datasketch.MinHashLSH(threshold=0.8, num_perm=128)
    ours = dup._LSH(0.8, 128)
    for i, text in enumerate(texts):
        reference.insert(f"k{i}", _reference(text))
        ours.insert(f"k{i}", dup.minhash_of(text))
    for text in [*texts, _text(rng, 120)]:
        assert ours.query(dup.minhash_of(text)) == set(reference.query(_reference(text)))
