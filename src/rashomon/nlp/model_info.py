"""The description of a loaded pipeline, apart from the pipeline: the driver of a distributed run
records it without importing spaCy."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ModelInfo:
    name: str  # the package name it was loaded from, e.g. "en_core_web_sm"
    version: str
    spacy_version: str
    # (stand-in, "fast" or "native") for each of rashomon.nlp.compat's stand-ins. Not stored nor
    # exported, and not compared: the stand-ins give the model's own output.
    paths: tuple[tuple[str, str], ...] = field(default=(), compare=False)
