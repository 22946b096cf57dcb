"""What the clean stage hands on, without the cleaners: the cleaned article, the language guess and
the content hash. Light on purpose (no HTML extraction, no language model): the driver of a
distributed run hashes its inputs and unpickles the workers' cleaned articles with this alone.
"""

from __future__ import annotations

import datetime
import hashlib
import unicodedata
from dataclasses import dataclass

from rashomon.types import CleanText, Outlet, PublishedDate, RawDocument


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # ISO 639-1, or "und"
    confidence: float


@dataclass(frozen=True)
class CleanedArticle:
    raw: RawDocument
    content_hash: str
    clean: CleanText
    outlet: Outlet | None
    published: PublishedDate
    language: LanguageGuess
    # When the copy was fetched (UTC; a WARC record's crawl time): stored, and an upper bound on
    # `published`, never a publication date itself.
    retrieved_at: datetime.datetime | None = None


def content_hash(raw: RawDocument) -> str:
    """Hash of the input content, insensitive to line endings, Unicode normal form and outer
    whitespace, so the same article read twice (or from .txt and from JSONL) is stored once."""
    normalised = unicodedata.normalize("NFC", raw.content.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return hashlib.sha256(f"{raw.kind}\n{normalised}".encode()).hexdigest()
