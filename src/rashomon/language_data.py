"""Language data: the word tables of one language, read from ``rashomon/data/<language>/<name>.json``.

Every module that needs words of a language (month names, speech verbs, loaded terms) reads them
through `load_language_data`, so a second language is one more folder next to ``data/en/`` with the
same file names. Regex structure stays in the modules; only the words live in the files.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from rashomon.errors import UsageError

DEFAULT_LANGUAGE = "en"
_PACKAGE = "rashomon.data"
# ISO 639 code, optionally with a region or script subtag (BCP 47 style).
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")


class LanguageDataError(UsageError):
    """A language, or one of its tables, is not shipped (or its file is not a JSON object)."""

    code = "language-data"


def language_data_path(name: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Where a table lives inside the package, as error messages and docs name it."""
    return f"rashomon/data/{language}/{name}.json"


def available_languages() -> list[str]:
    """The languages that have a folder of tables, sorted."""
    folder = resources.files(_PACKAGE)
    return sorted(item.name for item in folder.iterdir() if item.is_dir() and _is_language_code(item.name))


def available_tables(language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The table names shipped for `language` (file names without ``.json``), sorted."""
    folder = resources.files(_PACKAGE).joinpath(language)
    if not _is_language_code(language) or not folder.is_dir():
        return []
    return sorted(item.name[: -len(".json")] for item in folder.iterdir() if item.name.endswith(".json"))


def load_language_data(name: str, language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The table `name` of `language` (e.g. ``load_language_data("calendar")``), read once per process.

    The same object is returned on every call: callers build their own structures from it and never
    modify it. Raises `LanguageDataError` naming the file when the language or the table is missing.
    """
    return _load(name, language)


@cache
def _load(name: str, language: str) -> dict[str, Any]:
    """Cached on (name, language) whichever way the caller passed them."""
    path = language_data_path(name, language)
    if not _is_language_code(language) or not resources.files(_PACKAGE).joinpath(language).is_dir():
        known = ", ".join(available_languages()) or "none"
        raise LanguageDataError(f"no language data for language {language!r} ({path}; shipped: {known})")
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise LanguageDataError(f"bad language table name {name!r}")
    try:
        text = resources.files(_PACKAGE).joinpath(language, f"{name}.json").read_text(encoding="utf-8")
    except FileNotFoundError as err:
        known = ", ".join(available_tables(language)) or "none"
        raise LanguageDataError(
            f"no language table {name!r} for {language!r} ({path}; shipped: {known})"
        ) from err
    data = json.loads(text)
    if not isinstance(data, dict):
        raise LanguageDataError(f"{path}: expected a JSON object at the top level")
    return data


def _is_language_code(language: str) -> bool:
    """A folder name that can be a language code ("en", "pt-BR"), never a path or another data folder
    ("actors", "demo")."""
    return _LANGUAGE_CODE.fullmatch(language) is not None
