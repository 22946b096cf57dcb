"""Defaults in one typed settings object. Every tuned number says how it was chosen."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_DB_URL = "sqlite:///rashomon.db"


@dataclass(frozen=True)
class Settings:
    # Largest input file read, in bytes (after gunzip for .gz). News pages are rarely over 2 MB of
    # HTML; 20 MB leaves room for long JSONL batches while keeping a stray binary or dump out.
    max_input_bytes: int = 20 * 1024 * 1024
    # Shortest clean text analysed, in characters (`analyze --min-chars`): a wire item, a headline or
    # an event snippet may be one short sentence, and it is news; shorter than this is a stub. Texts
    # under `min_language_chars` are not analysed either, as their language cannot be told.
    min_text_chars: int = 40
    # spaCy pipeline: "auto" loads en_core_web_sm when installed, else its PyPI re-upload.
    model: str = "auto"
    # MinHash near-duplicate detection: 128 permutations keep the Jaccard estimate within about
    # +-0.09 (1/sqrt(128)); 0.8 Jaccard on 5-word shingles flags syndicated wire copy that differs
    # only in a headline, dateline or a trimmed last paragraph, and not two stories on one event.
    minhash_permutations: int = 128
    shingle_words: int = 5
    duplicate_threshold: float = 0.8
    # Language detection needs some text to be reliable; below this many characters we say "und".
    min_language_chars: int = 40


DEFAULT_SETTINGS = Settings()


def normalise_db_url(db: str | None) -> str:
    """A full SQLAlchemy URL is kept; a plain path means a SQLite file (GUIDE: CLI contract)."""
    if not db:
        return DEFAULT_DB_URL
    if "://" in db:
        return db
    return f"sqlite:///{db}"
