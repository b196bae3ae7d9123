"""Near-duplicate texts, pure: shingles, MinHash signatures, LSH bands and similarities.

A text is normalised (case folded, accents and punctuation dropped, spaces collapsed) and cut
into overlapping shingles of ``SHINGLE_WORDS`` words. The Jaccard similarity of two texts'
shingle sets is what "near duplicate" means here; a MinHash signature of ``PERMUTATIONS``
values estimates it without the text (the fraction of equal positions), and the signature's
``BANDS`` bands of ``ROWS`` values are hashed for the lookup: two texts share a band hash with
probability 1 - (1 - s^ROWS)^BANDS, nearly 1 from a similarity of 0.7 up, so the candidates
are found with one indexed query and then judged on their signatures.

Every hash is derived from BLAKE2b with fixed keys, so signatures computed on different
machines, processes and releases of Python compare (Python's own ``hash`` is salted).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

# Four words: a light edit (a name replaced throughout, a sentence reworded) breaks few
# shingles, while unrelated texts of the same field share almost none. Five, the textbook
# size, made a programme's name replaced ten times in 500 words fall under 0.8.
SHINGLE_WORDS = 4
# Below this many words a text says too little to be judged (a title, a one-line answer).
MIN_WORDS = 50
PERMUTATIONS = 128
BANDS = 32
ROWS = PERMUTATIONS // BANDS
# A Mersenne prime above every 61-bit shingle hash: h(x) = (a x + b) mod P is a universal
# family, and every value fits a signed 64-bit database column.
PRIME = (1 << 61) - 1
MAX_HASH = (1 << 61) - 1
SIMILARITY_PLACES = Decimal("0.001")

_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_SEED = b"socialtech-minhash-1"


def _hash64(data: bytes, *, key: bytes = _SEED) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8, key=key).digest(), "big")


def _coefficients() -> tuple[tuple[int, int], ...]:
    pairs = []
    for index in range(PERMUTATIONS):
        a = _hash64(b"a%d" % index) % (PRIME - 1) + 1
        b = _hash64(b"b%d" % index) % PRIME
        pairs.append((a, b))
    return tuple(pairs)


_COEFFICIENTS = _coefficients()


def normalise(text: str) -> str:
    """Case folded, accents dropped, punctuation turned to spaces, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = _NOT_WORD.sub(" ", bare.casefold()).replace("_", " ")
    return _SPACES.sub(" ", words).strip()


def words_of(text: str) -> list[str]:
    normal = normalise(text)
    return normal.split(" ") if normal else []


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[int]:
    """The hashes (61 bits) of the text's overlapping runs of ``size`` words; a text shorter
    than ``size`` words is one shingle (an empty text none)."""
    words = words_of(text)
    if not words:
        return set()
    if len(words) <= size:
        return {_hash64(" ".join(words).encode()) & MAX_HASH}
    return {
        _hash64(" ".join(words[start : start + size]).encode()) & MAX_HASH
        for start in range(len(words) - size + 1)
    }


def signature(shingle_hashes: Iterable[int]) -> list[int]:
    """The MinHash signature of a shingle set: for each of the ``PERMUTATIONS`` hash
    functions, the least value over the set. An empty set has no signature ([])."""
    values = list(shingle_hashes)
    if not values:
        return []
    return [min((a * x + b) % PRIME for x in values) for a, b in _COEFFICIENTS]


def band_hashes(signature_values: Sequence[int]) -> list[int]:
    """One signed 64-bit hash per band of ``ROWS`` values; the band's number is hashed in,
    so equal hashes mean the same band agrees."""
    if len(signature_values) != PERMUTATIONS:
        return []
    hashes = []
    for band in range(BANDS):
        rows = signature_values[band * ROWS : (band + 1) * ROWS]
        data = b"%d:" % band + b",".join(b"%d" % value for value in rows)
        hashes.append(
            int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=True)
        )
    return hashes


def as_similarity(value: float | Decimal) -> Decimal:
    return Decimal(value).quantize(SIMILARITY_PLACES, rounding=ROUND_HALF_UP)


def estimated_similarity(first: Sequence[int], second: Sequence[int]) -> Decimal:
    """The Jaccard similarity the two signatures estimate: the share of equal positions."""
    if not first or len(first) != len(second):
        return Decimal("0.000")
    equal = sum(1 for left, right in zip(first, second, strict=True) if left == right)
    return as_similarity(Decimal(equal) / Decimal(len(first)))


def exact_similarity(first: set[int], second: set[int]) -> Decimal:
    """The Jaccard similarity of two shingle sets: shared over all."""
    union = len(first | second)
    if not union:
        return Decimal("0.000")
    return as_similarity(Decimal(len(first & second)) / Decimal(union))
