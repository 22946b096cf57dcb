"""Readers for the input forms: .txt, .html/.htm (optionally .gz), .jsonl, .warc(.gz), directories
and stdin.

`read_inputs` yields one item per document: a `RawDocument`, or the `InputError` that stopped it, so
a run reports every bad input and goes on with the others.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from rashomon.errors import InputError
from rashomon.ingest.decoding import decode_bytes
from rashomon.ingest.warc import parse_crawl_time, read_warc
from rashomon.settings import DEFAULT_SETTINGS, Settings
from rashomon.types import DocumentKind, RawDocument

STDIN = "-"
STDIN_LOCATION = "<stdin>"
_FORMAT_BY_SUFFIX: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",  # web archives, read record by record (ingest/warc.py)
}
_JSONL_FIELDS = ("url", "title", "date", "outlet")

ReadResult = RawDocument | InputError


def input_format(path: Path) -> str | None:
    """'text', 'html', 'jsonl' or 'warc' from the file name (a trailing .gz is looked through), else None."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return _FORMAT_BY_SUFFIX.get(suffixes[-1]) if suffixes else None


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Files in the order given; directories walked recursively in sorted order (readable formats
    only, hidden files skipped); "-" passed through for stdin."""
    for given in paths:
        if given == STDIN:
            yield STDIN
            continue
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden and input_format(child):
                    yield str(child)
        else:
            yield given


def read_inputs(paths: Iterable[str], settings: Settings = DEFAULT_SETTINGS) -> Iterator[ReadResult]:
    """Every document under `paths`, or the error that stopped it."""
    for location in expand_paths(paths):
        try:
            if location == STDIN:
                yield from _read_stream(sys.stdin.buffer, STDIN_LOCATION, settings)
            else:
                yield from _read_file(Path(location), settings)
        except InputError as err:
            yield err


def _read_file(path: Path, settings: Settings) -> Iterator[ReadResult]:
    location = str(path)
    if not path.exists():
        raise InputError(location, "no such file or directory")
    fmt = input_format(path)
    if fmt is None:
        raise InputError(location, f"unsupported file type '{''.join(path.suffixes) or path.name}'")
    if fmt == "warc":  # streamed: an archive may be far larger than any single input file
        yield from read_warc(path, settings)
        return
    data = _read_bytes(path, settings)
    yield from _documents(data, fmt, location, settings)


def _read_stream(stream: BinaryIO, location: str, settings: Settings) -> Iterator[ReadResult]:
    data = stream.read(settings.max_input_bytes + 1)
    _check_size(len(data), location, settings)
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(io.BytesIO(data), location, settings)
    yield from _documents(data, _sniff_format(data), location, settings)


def _read_bytes(path: Path, settings: Settings) -> bytes:
    location = str(path)
    try:
        if path.suffix.lower() == ".gz":
            with path.open("rb") as raw:
                return _gunzip(raw, location, settings)
        _check_size(path.stat().st_size, location, settings)
        return path.read_bytes()
    except OSError as err:
        raise InputError(location, f"cannot read file ({err.strerror or err})") from err


def _gunzip(raw: BinaryIO, location: str, settings: Settings) -> bytes:
    try:
        with gzip.GzipFile(fileobj=raw) as unzipped:
            data = unzipped.read(settings.max_input_bytes + 1)
    except EOFError as err:
        raise InputError(location, "truncated gzip (the compressed data ends early)") from err
    except (gzip.BadGzipFile, zlib.error) as err:
        raise InputError(location, f"corrupt gzip ({err})") from err
    _check_size(len(data), location, settings, after="after decompression")
    return data


def _check_size(size: int, location: str, settings: Settings, after: str = "") -> None:
    if size > settings.max_input_bytes:
        limit_mb = settings.max_input_bytes / (1024 * 1024)
        where = f" {after}" if after else ""
        raise InputError(location, f"file too large{where} (limit {limit_mb:g} MB)")


def _sniff_format(data: bytes) -> str:
    """Stdin has no file name: markup means HTML, a JSON object per line means JSONL."""
    head = data.lstrip()[:512].lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")):
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "text"


def _documents(data: bytes, fmt: str, location: str, settings: Settings) -> Iterator[ReadResult]:
    text, encoding = decode_bytes(data, location)
    if fmt == "jsonl":
        yield from _jsonl_documents(text, encoding, location)
        return
    kind: DocumentKind = "html" if fmt == "html" else "text"
    yield RawDocument(source_path=location, kind=kind, content=text, encoding=encoding)


def _jsonl_documents(text: str, encoding: str, location: str) -> Iterator[ReadResult]:
    seen_any = False
    # Lines end at "\n" only: str.splitlines() would also cut at U+2028 and U+0085, which JSON allows
    # unescaped inside a string.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        seen_any = True
        try:
            yield _jsonl_record(line, encoding, location, number)
        except InputError as err:
            yield err
    if not seen_any:
        raise InputError(location, "empty file")


def _jsonl_record(line: str, encoding: str, location: str, number: int) -> RawDocument:
    where = f"{location}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(where, f"malformed JSON ({err.msg} at column {err.colno})") from err
    if not isinstance(record, dict):
        raise InputError(where, "a JSONL line must be a JSON object")
    html, body = record.get("html"), record.get("text")
    content = html if isinstance(html, str) and html.strip() else body
    if not isinstance(content, str) or not content.strip():
        raise InputError(where, "no non-empty 'text' or 'html' field")
    extras = {name: record.get(name) for name in _JSONL_FIELDS}
    for name, value in extras.items():
        if value is not None and not isinstance(value, str):
            raise InputError(where, f"field '{name}' must be a string")
    retrieved = record.get("retrieved_at")
    retrieved_at = parse_crawl_time(retrieved) if isinstance(retrieved, str) else None
    if retrieved is not None and retrieved_at is None:
        raise InputError(where, "field 'retrieved_at' must be an ISO 8601 time, e.g. 2020-02-14T10:05:00Z")
    return RawDocument(
        source_path=location,
        line=number,
        kind="html" if content is html else "text",
        content=content,
        encoding=encoding,
        retrieved_at=retrieved_at,
        **extras,
    )
