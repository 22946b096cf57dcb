"""Language identification with py3langid (a maintained fork of langid.py, offline model inside)."""

from __future__ import annotations

import hashlib
import json
from array import array
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from py3langid.modelio import load_model

from rashomon.cache import cached, read_meta
from rashomon.clean.cleaned import LanguageGuess
from rashomon.settings import DEFAULT_SETTINGS

UNDETERMINED = "und"  # ISO 639-2 code for "undetermined"
# Normalised probability under which we do not trust the guess. langid's probabilities are
# over-confident on long text; 0.5 only filters short or mixed-script snippets.
_MIN_CONFIDENCE = 0.5
# Up to this many characters a text is a headline or a snippet: its case and its few words mislead
# the full model, so an unsure guess is made again in lower case among the main news languages.
_SHORT_TEXT_CHARS = 280


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return _new_identifier()


@lru_cache(maxsize=1)
def _news_identifier() -> LanguageIdentifier:
    identifier = _new_identifier()
    table = json.loads((resources.files("rashomon.data") / "news_languages.json").read_text(encoding="utf-8"))
    identifier.set_languages(table["languages"])
    return identifier


def _new_identifier() -> LanguageIdentifier:
    """What `LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)` gives, from the model
    unpacked once into the cache folder: py3langid ships it LZMA-compressed, and unpacking it took
    half a second of every start (and of every Dask worker's)."""
    ptc, pc, classes, nextmove, output, row = _model()
    return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)


@lru_cache(maxsize=1)
def _model() -> tuple[Any, ...]:
    """(nb_ptc, nb_pc, classes, nextmove, output, row) as py3langid's loader gives them, less copies:
    the two identifiers share them (restricting languages makes new arrays, never changes these)."""
    path = _model_path()
    stat = path.stat()
    digest = hashlib.sha256(f"{path} {stat.st_size} {stat.st_mtime_ns} {_MODEL_LAYOUT}".encode()).hexdigest()[
        :24
    ]
    return cached("langid", digest, _read_model, lambda: _load_model_file(path), _write_model)


_MODEL_LAYOUT = 1  # bumped when the cached layout changes
_ARRAYS = ("ptc", "pc", "nextmove", "output", "row")


def _model_path() -> Path:
    path = Path(MODEL_FILE)
    return path if path.is_absolute() else MODEL_DIR / path


def _load_model_file(path: Path) -> tuple[Any, ...]:
    ptc, pc, classes, nextmove, row, output = load_model(path)
    return np.asarray(ptc), np.asarray(pc), classes, nextmove, output, row


def _write_model(model: tuple[Any, ...], folder: Path) -> dict[str, Any]:
    ptc, pc, classes, nextmove, output, row = model
    arrays = {"ptc": ptc, "pc": pc, "nextmove": nextmove, "output": np.asarray(output, np.int32), "row": row}
    for name, values in arrays.items():
        np.save(folder / f"{name}.npy", np.asarray(values), allow_pickle=False)
    return {"classes": classes, "typecodes": {"nextmove": nextmove.typecode, "row": row.typecode}}


def _read_model(folder: Path) -> tuple[Any, ...]:
    meta = read_meta(folder)
    loaded = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS}
    # The walk over a text's bytes indexes these one at a time: stdlib arrays, as py3langid has them.
    nextmove = array(meta["typecodes"]["nextmove"], loaded["nextmove"].tobytes())
    row = array(meta["typecodes"]["row"], loaded["row"].tobytes())
    return loaded["ptc"], loaded["pc"], list(meta["classes"]), nextmove, loaded["output"].tolist(), row


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
