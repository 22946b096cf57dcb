"""Strings that every later stage can encode: input text and names made safe at the door.

Python strings may hold what UTF-8 cannot encode: lone surrogates (a JSON escape such as "\\udfff",
or a file name with bytes that are not UTF-8, which the OS layer turns into surrogate escapes).
Hashing, storing or printing such a string raises, so each one is replaced once, where a document
or an error is made, and nothing downstream needs to know.
"""

from __future__ import annotations

import os
import re

# Lone surrogates, and NUL, which PostgreSQL refuses in text and no article means.
_UNENCODABLE = re.compile("[\ud800-\udfff\x00]")
REPLACEMENT = "\ufffd"


def scrub_text(text: str) -> str:
    """`text` with every lone surrogate and NUL replaced by U+FFFD (same length, so offsets hold)."""
    return _UNENCODABLE.sub(REPLACEMENT, text) if _UNENCODABLE.search(text) else text


def printable_path(path: str) -> str:
    """A file name as users can read and grep it: bytes that were not UTF-8 shown as \\xNN."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(path) if _only_escapes(path) else path.encode("utf-8", "surrogatepass")
        return scrub_text(raw.decode("utf-8", "backslashreplace"))
    return scrub_text(path)


def _only_escapes(path: str) -> bool:
    """True when every surrogate in `path` is a surrogate escape of one byte (U+DC80-U+DCFF)."""
    return all("\udc80" <= ch <= "\udcff" for ch in path if "\ud800" <= ch <= "\udfff")
