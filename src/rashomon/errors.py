"""Typed domain errors with stable codes; the CLI turns them into one clear line and an exit code."""

from __future__ import annotations

from rashomon.safe_text import printable_path, scrub_text


class RashomonError(Exception):
    """Base class. `code` is stable: scripts may match on it."""

    code = "error"


class InputError(RashomonError):
    """One input (a file, or a line of a JSONL file) cannot be read; the run goes on with the others."""

    code = "bad-input"

    def __init__(self, location: str, reason: str) -> None:
        location, reason = printable_path(location), scrub_text(reason)
        super().__init__(f"{location}: {reason}")
        self.location = location
        self.reason = reason


class UsageError(RashomonError):
    """Bad command-line arguments or configuration (exit code 2)."""

    code = "usage"


class ModelError(UsageError):
    """The requested spaCy pipeline is not installed."""

    code = "model-missing"


class StoreError(RashomonError):
    """The database cannot be opened or migrated."""

    code = "store"
