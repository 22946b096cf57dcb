"""Readers for the input forms: .txt, .html/.htm (optionally .gz), .jsonl, .warc(.gz), directories
and stdin.

`read_inputs` yields one item per document: a `RawDocument`, or the `InputError` that stopped it, so
a run reports every bad input and goes on with the others. Nothing is read without a bound: a page
file is read up to the size limit, a JSONL batch and a web archive are streamed record by record
(the limit applies to each record), and devices are refused.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from rashomon.errors import InputError
from rashomon.ingest.decoding import decode_bytes, refuse_binary
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
        except Exception as err:  # a reader's bug or a library's surprise costs one input, not the run
            yield InputError(location, f"unreadable ({err.__class__.__name__}: {err})")


def _read_file(path: Path, settings: Settings) -> Iterator[ReadResult]:
    location = str(path)
    if not path.exists():
        raise InputError(location, "no such file or directory")
    fmt = input_format(path)
    if fmt is None:
        raise InputError(location, f"unsupported file type '{''.join(path.suffixes) or path.name}'")
    _refuse_special_file(path)
    if fmt == "warc":  # streamed: an archive may be far larger than any single input file
        yield from read_warc(path, settings)
        return
    try:
        with path.open("rb") as raw:
            stream: BinaryIO = _gunzipping(raw, location) if path.suffix.lower() == ".gz" else raw
            if fmt == "jsonl":
                yield from _jsonl_stream(stream, location, settings)
            else:
                data = _read_bounded(stream, location, settings)
                yield from _documents(data, fmt, location)
    except OSError as err:
        raise InputError(location, f"cannot read file ({err.strerror or err})") from err


def _refuse_special_file(path: Path) -> None:
    """Devices (a link to /dev/zero, a terminal) never end or never hold an article: refused. A FIFO
    (a shell's process substitution) is read like stdin, with the same bounds."""
    try:
        mode = path.stat().st_mode
    except OSError as err:
        raise InputError(str(path), f"cannot read file ({err.strerror or err})") from err
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
        what = "character device" if stat.S_ISCHR(mode) else "block device"
        what = "socket" if stat.S_ISSOCK(mode) else what
        raise InputError(str(path), f"not a regular file ({what})")


def _read_stream(stream: BinaryIO, location: str, settings: Settings) -> Iterator[ReadResult]:
    head = stream.read(_SNIFF_BYTES)
    whole: BinaryIO = io.BufferedReader(_Prefixed(head, stream))  # type: ignore[arg-type]
    if head[:2] == b"\x1f\x8b":
        whole = _gunzipping(whole, location)
        head = whole.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]  # type: ignore[attr-defined]
    fmt = _sniff_format(head)
    if fmt == "jsonl":
        yield from _jsonl_stream(whole, location, settings)
        return
    yield from _documents(_read_bounded(whole, location, settings), fmt, location)


# Bytes of stdin looked at to tell HTML, JSONL and plain text apart.
_SNIFF_BYTES = 512


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were already read: they are given back first, then the rest."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count], self._head = self._head[:count], self._head[count:]
            return count
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _gunzipping(raw: BinaryIO, location: str) -> BinaryIO:
    """A stream of the decompressed bytes; damage surfaces as InputError while it is read."""
    return _GzipErrors(gzip.GzipFile(fileobj=raw), location)  # type: ignore[return-value]


class _GzipErrors:
    """Reads a GzipFile, turning a truncated or corrupt stream into an InputError naming the file."""

    def __init__(self, unzipped: gzip.GzipFile, location: str) -> None:
        self._unzipped, self._location = unzipped, location

    def read(self, size: int = -1) -> bytes:
        return self._guarded(self._unzipped.read, size)

    def readline(self, size: int = -1) -> bytes:
        return self._guarded(self._unzipped.readline, size)

    def peek(self, size: int) -> bytes:
        return self._guarded(self._unzipped.peek, size)

    def _guarded(self, method: Callable[[int], bytes], size: int) -> bytes:
        try:
            return method(size)
        except EOFError as err:
            raise InputError(self._location, "truncated gzip (the compressed data ends early)") from err
        except (gzip.BadGzipFile, zlib.error) as err:
            raise InputError(self._location, f"corrupt gzip ({err})") from err


def _read_bounded(stream: BinaryIO, location: str, settings: Settings) -> bytes:
    """The whole stream, read up to one byte past the limit: a file's size as `stat()` reports it is
    not trusted (a FIFO reports 0, a file may grow while read)."""
    data = stream.read(settings.max_input_bytes + 1)
    gzipped = isinstance(stream, _GzipErrors)
    _check_size(len(data), location, settings, after="after decompression" if gzipped else "")
    return data


def _check_size(size: int, location: str, settings: Settings, after: str = "") -> None:
    if size > settings.max_input_bytes:
        where = f" {after}" if after else ""
        raise InputError(location, f"file too large{where} (limit {size_text(settings.max_input_bytes)})")


def size_text(size: int) -> str:
    """A byte count as people read it: 20 MB, 60 kB, 512 bytes."""
    for unit, scale in (("MB", 2**20), ("kB", 2**10)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


def _sniff_format(data: bytes) -> str:
    """Stdin has no file name: markup means HTML, a JSON object per line means JSONL."""
    head = data.lstrip()[:512].lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")):
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "text"


def _documents(data: bytes, fmt: str, location: str) -> Iterator[ReadResult]:
    text, encoding = decode_bytes(data, location)
    kind: DocumentKind = "html" if fmt == "html" else "text"
    yield RawDocument(source_path=location, kind=kind, content=text, encoding=encoding)


_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Bytes of a line longer than the record limit read at a time while skipping it.
_SKIP_CHUNK = 1024 * 1024


def _jsonl_stream(stream: BinaryIO, location: str, settings: Settings) -> Iterator[ReadResult]:
    """One JSONL record a line, read one line at a time: a batch may be far larger than memory, and
    the size limit applies to each record. Lines end at "\n" only (JSON allows U+2028 and U+0085
    unescaped inside a string). A line over the limit is skipped and named; the rest go on."""
    limit = settings.max_input_bytes
    first = stream.read(min(8192, limit))
    if first.startswith(_WIDE_BOMS):  # UTF-16/32: decoded whole, as a page file is
        data = first + stream.read(limit + 1 - len(first))
        _check_size(len(data), location, settings)
        text, encoding = decode_bytes(data, location)
        lines = ((n, line, encoding) for n, line in enumerate(text.split("\n"), start=1))
        yield from _jsonl_records(lines, location)
        return
    refuse_binary(first, location)
    raw: BinaryIO = io.BufferedReader(_Prefixed(first.removeprefix(codecs.BOM_UTF8), stream))  # type: ignore[arg-type]
    yield from _jsonl_records(_utf8_lines(raw, location, limit), location)


JsonlLine = tuple[int, str, str] | InputError  # (line number, text, encoding), or why it is unusable


def _utf8_lines(raw: BinaryIO, location: str, limit: int) -> Iterator[JsonlLine]:
    """The lines of a byte stream, decoded one at a time; a line over `limit` is skipped unread."""
    number = 0
    while line := raw.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            _skip_rest_of_line(raw)
            yield InputError(f"{location}:{number}", f"record too large (limit {size_text(limit)} a line)")
        elif line.strip():
            try:
                yield (number, *_decode_line(line, f"{location}:{number}"))
            except InputError as err:
                yield err


def _jsonl_records(lines: Iterable[JsonlLine], location: str) -> Iterator[ReadResult]:
    """A record, or the error that stopped it, for every line that is not blank."""
    seen_any = False
    for item in lines:
        if isinstance(item, InputError):
            seen_any = True
            yield item
            continue
        number, line, encoding = item
        if not line.strip():
            continue
        seen_any = True
        try:
            yield _jsonl_record(line, encoding, location, number)
        except InputError as err:
            yield err
    if not seen_any:
        raise InputError(location, "empty file")


def _skip_rest_of_line(lines: BinaryIO) -> None:
    while chunk := lines.readline(_SKIP_CHUNK):
        if chunk.endswith(b"\n"):
            return


def _decode_line(line: bytes, where: str) -> tuple[str, str]:
    """JSONL is UTF-8; a line in a legacy code page is still decoded (charset detection) rather
    than lost."""
    try:
        return line.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return decode_bytes(line, where)


def _jsonl_record(line: str, encoding: str, location: str, number: int) -> RawDocument:
    where = f"{location}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(where, f"malformed JSON ({err.msg} at column {err.colno})") from err
    except (ValueError, RecursionError) as err:  # a number too long to convert, nesting too deep
        raise InputError(where, f"unreadable JSON ({err.__class__.__name__}: {err})") from err
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
