"""Near-duplicate detection (syndicated wire copy) with MinHash and LSH from datasketch.

The index is rebuilt from the signatures kept in the store, so duplicates are found across runs.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

from rashomon.settings import DEFAULT_SETTINGS, Settings

_WORD = re.compile(r"\w+")
# Stored signatures must be rebuilt with the scheme that made them; affine64 (datasketch >= 2.0) has
# no 32-bit folding, so its Jaccard estimates do not inflate on long texts.
_SCHEME = "affine64"
_SIGNATURE_DTYPE = np.uint64


def shingles(text: str, size: int) -> set[str]:
    """Overlapping `size`-word windows of the lower-cased text (the whole text if shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def minhash_of(text: str, settings: Settings = DEFAULT_SETTINGS) -> MinHash:
    signature = MinHash(num_perm=settings.minhash_permutations, scheme=_SCHEME)
    signature.update_batch([s.encode("utf-8") for s in shingles(text, settings.shingle_words)])
    return signature


def signature_bytes(signature: MinHash) -> bytes:
    return np.asarray(signature.hashvalues, dtype=_SIGNATURE_DTYPE).tobytes()


def signature_from_bytes(data: bytes, settings: Settings = DEFAULT_SETTINGS) -> MinHash:
    values = np.frombuffer(data, dtype=_SIGNATURE_DTYPE)
    return MinHash(num_perm=settings.minhash_permutations, hashvalues=values, scheme=_SCHEME)


class NearDuplicateIndex:
    """Finds the earliest indexed article whose text is a near-duplicate of a new one."""

    def __init__(self, settings: Settings = DEFAULT_SETTINGS) -> None:
        self._settings = settings
        self._lsh = MinHashLSH(threshold=settings.duplicate_threshold, num_perm=settings.minhash_permutations)
        self._order: dict[str, int] = {}
        self._signatures: dict[str, MinHash] = {}

    def add(self, article_id: str, signature: MinHash) -> None:
        if article_id in self._order:
            return
        self._lsh.insert(article_id, signature)
        self._order[article_id] = len(self._order)
        self._signatures[article_id] = signature

    def original_of(self, signature: MinHash) -> str | None:
        """Id of the first-indexed article this one nearly duplicates, or None.

        LSH candidates are confirmed with the estimated Jaccard, since LSH alone lets through
        pairs somewhat under the threshold.
        """
        confirmed = [
            candidate
            for candidate in self._lsh.query(signature)
            if self._signatures[candidate].jaccard(signature) >= self._settings.duplicate_threshold
        ]
        return min(confirmed, key=self._order.__getitem__) if confirmed else None
