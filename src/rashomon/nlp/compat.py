"""May each of the project's faster stand-ins for a spaCy component run with the spaCy and thinc
installed here?

Each stand-in reproduces a component by reaching into internals that neither spaCy nor thinc promise
to keep: the NER model's layers and transition names, the attribute ruler's patterns, the rule
lemmatizer's tables and steps, thinc's `Ops.gemm`. Each one is tested, output for output, against the
component it replaces on the versions declared below. Outside those versions, or when
`RASHOMON_SPACY_NATIVE` asks for it, the pipeline keeps spaCy's (or thinc's) own component: slower,
but right for whatever version is installed.

`RASHOMON_SPACY_NATIVE`: unset, empty or `0` keeps every stand-in that its check allows; `1` (or
`all`) keeps spaCy's own components throughout; a comma-separated list of stand-in names (see
`REPLACEMENTS`) keeps spaCy's own component for those alone.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass

import spacy.about
import thinc.about
from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

NATIVE_VARIABLE = "RASHOMON_SPACY_NATIVE"
FAST, NATIVE = "fast", "native"

ENTITY_DECODER = "entity_decoder"
TOKEN_ATTRIBUTES = "token_attributes"
RULE_LEMMAS = "rule_lemmas"
MATRIX_BACKEND = "matrix_backend"

_ALL = frozenset({"1", "all", "true", "yes"})
_NONE = frozenset({"", "0", "false", "no"})

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Replacement:
    """A stand-in, what it stands in for, and the package versions it was tested against."""

    name: str
    stands_in_for: str
    # Only the packages whose internals it reads: the others cannot change what it computes.
    tested_with: Mapping[str, str]


# spaCy 3.8.x and thinc 8.3.x: the releases the comparison tests ran on (tests/test_nlp_paths.py and
# the tests of each stand-in). A new minor release may move the internals, so it must be tested first.
REPLACEMENTS: dict[str, Replacement] = {
    r.name: r
    for r in (
        Replacement(ENTITY_DECODER, "ner's own decoding", {"spacy": "~=3.8.0", "thinc": "~=8.3.0"}),
        Replacement(TOKEN_ATTRIBUTES, "attribute_ruler and lemmatizer", {"spacy": "~=3.8.0"}),
        Replacement(RULE_LEMMAS, "Lemmatizer.rule_lemmatize", {"spacy": "~=3.8.0"}),
        Replacement(MATRIX_BACKEND, "thinc's BLIS products", {"spacy": "~=3.8.0", "thinc": "~=8.3.0"}),
    )
}


@dataclass(frozen=True)
class Choice:
    """Which path a stand-in takes here, and why."""

    name: str
    path: str  # FAST or NATIVE
    reason: str


def installed_version(package: str) -> str:
    """The version of spaCy or thinc this process has imported."""
    modules = {"spacy": spacy.about, "thinc": thinc.about}
    return str(modules[package].__version__)


def native_requested() -> frozenset[str]:
    """The stand-ins `RASHOMON_SPACY_NATIVE` turns off; raises ValueError for a name it does not know."""
    value = os.environ.get(NATIVE_VARIABLE, "").strip().lower()
    if value in _NONE:
        return frozenset()
    if value in _ALL:
        return frozenset(REPLACEMENTS)
    names = frozenset(part.strip() for part in value.split(",") if part.strip())
    unknown = sorted(names - set(REPLACEMENTS))
    if unknown:
        known = ", ".join(sorted(REPLACEMENTS))
        raise ValueError(
            f"{NATIVE_VARIABLE} must be 1, 0 or a list of {known}; unknown: {', '.join(unknown)}"
        )
    return names


def untested_versions(replacement: Replacement) -> list[str]:
    """The installed packages outside the versions `replacement` was tested with, e.g. "spacy 3.9.0"."""
    outside = []
    for package, tested in replacement.tested_with.items():
        installed = installed_version(package)
        try:
            within = Version(installed) in SpecifierSet(tested)
        except InvalidVersion:
            within = False  # a version string nobody tested cannot be vouched for
        if not within:
            outside.append(f"{package} {installed} (tested: {tested})")
    return outside


def choose(name: str, native: frozenset[str] | None = None) -> Choice:
    """The path of the stand-in `name`: NATIVE when asked for or when a version is untested."""
    replacement = REPLACEMENTS[name]
    if name in (native_requested() if native is None else native):
        return Choice(name, NATIVE, f"{NATIVE_VARIABLE} asks for {replacement.stands_in_for}")
    outside = untested_versions(replacement)
    if outside:
        return Choice(name, NATIVE, f"untested with {', '.join(outside)}")
    return Choice(name, FAST, "tested with the installed versions")


def choose_all() -> dict[str, Choice]:
    """Every stand-in's path, the switch read once; logs the stand-ins left out and why."""
    native = native_requested()
    choices = {name: choose(name, native) for name in REPLACEMENTS}
    for choice in choices.values():
        if choice.path == NATIVE:
            # Untested versions are worth a warning (the run is slower); an explicit request is not.
            level = logging.INFO if choice.name in native else logging.WARNING
            stands_in_for = REPLACEMENTS[choice.name].stands_in_for
            _log.log(level, "rashomon %s not used, %s kept: %s", choice.name, stands_in_for, choice.reason)
    return choices
