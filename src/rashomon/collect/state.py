"""The resume state: canonical URLs already saved, one a line, appended as each page is written."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO


class DoneURLs:
    """URLs done in earlier runs (from the state file) and in this one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._done: set[str] = set()
        if path.exists():
            self._done.update(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
            self._done.discard("")
        self.before = len(self._done)
        self._file: TextIO | None = None

    def __contains__(self, url: object) -> bool:
        return url in self._done

    def add(self, *urls: str) -> None:
        """Mark `urls` done, on disk at once: a run killed right after still skips them next time."""
        new = [url for url in dict.fromkeys(urls) if url not in self._done]
        if not new:
            return
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("a", encoding="utf-8")
        self._file.write("".join(f"{url}\n" for url in new))
        self._file.flush()
        self._done.update(new)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
