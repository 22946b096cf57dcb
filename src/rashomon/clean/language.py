"""Language identification with py3langid (a maintained fork of langid.py, offline model inside)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from rashomon.settings import DEFAULT_SETTINGS

UNDETERMINED = "und"  # ISO 639-2 code for "undetermined"
# Normalised probability under which we do not trust the guess. langid's probabilities are
# over-confident on long text; 0.5 only filters short or mixed-script snippets.
_MIN_CONFIDENCE = 0.5
# Up to this many characters a text is a headline or a snippet: its case and its few words mislead
# the full model, so an unsure guess is made again in lower case among the main news languages.
_SHORT_TEXT_CHARS = 280


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # ISO 639-1, or "und"
    confidence: float


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=1)
def _news_identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    table = json.loads((resources.files("rashomon.data") / "news_languages.json").read_text(encoding="utf-8"))
    identifier.set_languages(table["languages"])
    return identifier


def detect_language(text: str, min_chars: int = DEFAULT_SETTINGS.min_language_chars) -> LanguageGuess:
    """The language of `text`; "und" when it is too short or the model is unsure."""
    sample = text[:20000]  # a page of text is enough; long inputs only cost time
    if len(sample.strip()) < min_chars:
        return LanguageGuess(UNDETERMINED, 0.0)
    code, confidence = _identifier().classify(sample)
    if confidence < _MIN_CONFIDENCE and len(sample) <= _SHORT_TEXT_CHARS:
        code, confidence = _news_identifier().classify(sample.lower())
    if confidence < _MIN_CONFIDENCE:
        return LanguageGuess(UNDETERMINED, float(confidence))
    return LanguageGuess(str(code), float(confidence))
