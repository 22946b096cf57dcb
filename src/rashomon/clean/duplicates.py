"""Near-duplicate detection (syndicated wire copy) with MinHash and LSH.

The index is rebuilt from the signatures kept in the store, so duplicates are found across runs.

Signatures are those of datasketch's `MinHash(scheme="affine64")` (datasketch >= 2.0), bit for bit,
and the index finds the candidates its `MinHashLSH` finds (same bands, same rows per band): both are
small enough to keep here, and datasketch's package imports SciPy's integration module on the way
(two thirds of a second of every start, and of every Dask worker's). `tests/test_duplicates_minhash.py`
checks them against datasketch.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np

from rashomon.settings import DEFAULT_SETTINGS, Settings

_WORD = re.compile(r"\w+")
# Stored signatures must be rebuilt with the scheme that made them; affine64 has no 32-bit folding,
# so its Jaccard estimates do not inflate on long texts.
_SIGNATURE_DTYPE = np.uint64
_SEED = 1  # datasketch's default seed: its permutations
_EMPTY = np.uint64((1 << 64) - 1)
# MurmurHash3's 64-bit finalizer (shift, multiplier, shift, multiplier, shift): datasketch's pre-mix.
_FMIX = (
    np.uint64(33),
    np.uint64(0xFF51AFD7ED558CCD),
    np.uint64(33),
    np.uint64(0xC4CEB9FE1A85EC53),
    np.uint64(33),
)


def shingles(text: str, size: int) -> set[str]:
    """Overlapping `size`-word windows of the lower-cased text (the whole text if shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


class MinHash:
    """A MinHash signature: `hashvalues`, one 64-bit minimum per permutation."""

    __slots__ = ("hashvalues",)

    def __init__(
        self, num_perm: int = DEFAULT_SETTINGS.minhash_permutations, hashvalues: np.ndarray | None = None
    ):
        self.hashvalues = (
            np.full(num_perm, _EMPTY, dtype=_SIGNATURE_DTYPE)
            if hashvalues is None
            else np.asarray(hashvalues, dtype=_SIGNATURE_DTYPE)
        )

    def update_batch(self, values: list[bytes]) -> None:
        """Add values (bytes): each is hashed (SHA-1, first 8 bytes little-endian), pre-mixed and put
        through every permutation h -> a * h + b (mod 2^64); each permutation keeps its minimum."""
        if not values:
            return
        hashed = np.array(
            [int.from_bytes(hashlib.sha1(value).digest()[:8], "little") for value in values],
            dtype=_SIGNATURE_DTYPE,
        ).reshape(-1, 1)
        a, b = _permutations(len(self.hashvalues))
        with np.errstate(over="ignore"):
            permuted = _fmix(hashed) * a + b
        self.hashvalues = np.minimum(self.hashvalues, permuted.min(axis=0))

    def jaccard(self, other: MinHash) -> float:
        """The Jaccard similarity the two signatures estimate."""
        if len(self.hashvalues) != len(other.hashvalues):
            raise ValueError("Cannot compare MinHash signatures of different numbers of permutations")
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / float(len(self.hashvalues))


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) of every permutation, as datasketch draws them: a odd, b any 64-bit value."""
    generator = np.random.RandomState(_SEED)
    a = generator.randint(0, 1 << 63, num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = generator.randint(0, 1 << 64, num_perm, dtype=np.uint64)
    return a, b


def _fmix(values: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX
    with np.errstate(over="ignore"):
        values = values ^ (values >> s1)
        values = values * m1
        values = values ^ (values >> s2)
        values = values * m2
        return values ^ (values >> s3)


def minhash_of(text: str, settings: Settings = DEFAULT_SETTINGS) -> MinHash:
    signature = MinHash(num_perm=settings.minhash_permutations)
    signature.update_batch([s.encode("utf-8") for s in shingles(text, settings.shingle_words)])
    return signature


def signature_bytes(signature: MinHash) -> bytes:
    return np.asarray(signature.hashvalues, dtype=_SIGNATURE_DTYPE).tobytes()


def signature_from_bytes(data: bytes, settings: Settings = DEFAULT_SETTINGS) -> MinHash:
    return MinHash(
        num_perm=settings.minhash_permutations, hashvalues=np.frombuffer(data, dtype=_SIGNATURE_DTYPE)
    )


@lru_cache(maxsize=16)
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) for an LSH index at this Jaccard threshold, chosen as datasketch's
    `MinHashLSH` chooses them: the pair with the least mean of the false-positive and false-negative
    probability masses (a grid search, b then r, the first minimum kept). The integrands are
    polynomials of degree b * r <= num_perm, which Gauss-Legendre quadrature of num_perm / 2 + 1 points
    integrates exactly (to rounding)."""
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 2)

    def integral(function: object, low: float, high: float) -> float:
        half = (high - low) / 2
        points = half * nodes + (high + low) / 2
        return float(half * np.dot(weights, function(points)))  # type: ignore[operator]

    best, chosen = float("inf"), (0, 0)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            false_positive = integral(lambda s, b=b, r=r: 1 - (1 - s ** float(r)) ** float(b), 0.0, threshold)
            false_negative = integral(lambda s, b=b, r=r: (1 - s ** float(r)) ** float(b), threshold, 1.0)
            error = false_positive * 0.5 + false_negative * 0.5
            if error < best:
                best, chosen = error, (b, r)
    return chosen


class _LSH:
    """Signatures in `bands` hash tables, each keyed by `rows` consecutive minima: two signatures are
    candidates when they agree on all the rows of at least one band."""

    def __init__(self, threshold: float, num_perm: int) -> None:
        bands, rows = lsh_bands(threshold, num_perm)
        self._ranges = [(i * rows, (i + 1) * rows) for i in range(bands)]
        self._tables: list[dict[bytes, list[str]]] = [{} for _ in range(bands)]

    def insert(self, key: str, signature: MinHash) -> None:
        for (start, end), table in zip(self._ranges, self._tables, strict=True):
            table.setdefault(signature.hashvalues[start:end].tobytes(), []).append(key)

    def query(self, signature: MinHash) -> set[str]:
        found: set[str] = set()
        for (start, end), table in zip(self._ranges, self._tables, strict=True):
            found.update(table.get(signature.hashvalues[start:end].tobytes(), ()))
        return found


class NearDuplicateIndex:
    """Finds the earliest indexed article whose text is a near-duplicate of a new one."""

    def __init__(self, settings: Settings = DEFAULT_SETTINGS) -> None:
        self._settings = settings
        self._lsh = _LSH(settings.duplicate_threshold, settings.minhash_permutations)
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
