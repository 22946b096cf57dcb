"""Web archives (.warc, .warc.gz, e.g. CC-NEWS): one `RawDocument` per archived HTML or text page.

The archive is read record by record with warcio, so memory stays at one page whatever the archive
size. A record is located as `FILE:OFFSET`, the byte offset of the record in the file (what
`warcio extract FILE OFFSET` takes). Requests, metadata, redirects, errors and images are skipped
without a word: an archive is mostly such records. A damaged record yields an `InputError` and the
records before it are kept; reading stops there, since what follows a damaged record cannot be
trusted to start where the damaged one says it ends.

A page's `WARC-Date` (when it was crawled) is kept as `retrieved_at`: never a publication date, but
an upper bound for one, since a page cannot be published after it was fetched.
"""

from __future__ import annotations

import codecs
import datetime
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from rashomon.errors import InputError
from rashomon.ingest.decoding import checked_text, decode_bytes
from rashomon.settings import Settings
from rashomon.types import DocumentKind, RawDocument

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

# Media types of pages worth cleaning; anything else (images, scripts, PDFs, JSON) is not an article.
_KINDS: dict[str, DocumentKind] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}
_CHUNK = 64 * 1024
# Charsets a Content-Type header is trusted with: the encodings of the web (the WHATWG list, plus the
# UTF-32s and the labels Python spells apart). Python also registers codecs no page is written in,
# which a garbled or hostile header may name: "undefined" and "idna" raise a bare UnicodeError,
# "punycode", "unicode_escape" and "utf-7" turn any bytes into text (UTF-7 even into lone surrogates).
_WEB_CHARSETS = frozenset(
    codecs.lookup(label).name
    for label in (
        "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
        "ascii", "latin-1", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256",
        "cp1257", "cp1258", "cp866", "cp874", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5",
        "iso8859-6", "iso8859-7", "iso8859-8", "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15",
        "iso8859-16", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "gbk", "gb2312", "gb18030", "big5",
        "big5hkscs", "euc-jp", "iso2022-jp", "shift_jis", "cp932", "euc-kr", "cp949",
    )
)  # fmt: skip
# WARC-Date is ISO 8601 in UTC ("2017-01-01T00:03:48Z", WARC/1.1 allows fractions of a second); ARC
# files give "20170101000348". Seconds are enough for a bound on a publication day.
_ISO_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?"
)
_ARC_TIME = re.compile(r"(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})")


class _Damaged(Exception):
    """The archive cannot be read past this record."""


def read_warc(path: Path, settings: Settings) -> Iterator[RawDocument | InputError]:
    """Every HTML or text page of the archive at `path`, then an InputError if the archive is damaged."""
    location = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            yield InputError(location, "empty file")
            return
        with path.open("rb") as stream:
            head = stream.read(5)
            if head[:2] != b"\x1f\x8b" and head != b"WARC/":
                # warcio would skip line after line of a non-archive with a warning each, and no error.
                yield InputError(location, "not a WARC file (no 'WARC/' header or gzip member at the start)")
                return
            stream.seek(0)
            yield from _records(stream, location, size, settings)
    except OSError as err:
        yield InputError(location, f"cannot read file ({err.strerror or err})")


def _records(
    stream: BinaryIO, location: str, size: int, settings: Settings
) -> Iterator[RawDocument | InputError]:
    from warcio.archiveiterator import ArchiveIterator  # only for archives: every command reads this module

    archive = ArchiveIterator(stream)
    offset = 0
    try:
        for record in archive:
            offset = archive.offset  # the record's start (get_record_offset would read it all first)
            item = _document(record, f"{location}:{offset}", settings)
            if item is not None:
                yield item
    except _Damaged as err:
        yield InputError(f"{location}:{offset}", str(err))
        return
    # warcio signals damage with ArchiveLoadFailed, but a garbled header or gzip member surfaces as
    # whatever its parser trips on (ValueError, zlib.error, even AttributeError): all mean "damaged".
    except Exception as err:
        offset = max(offset, archive.offset)  # where the failing record starts (never before the last)
        yield InputError(f"{location}:{offset}", f"damaged WARC record ({err.__class__.__name__}: {err})")
        return
    if archive.offset < size:
        # warcio stops quietly at a record it cannot start (a gzip member cut short): say so.
        yield InputError(f"{location}:{archive.offset}", "truncated or damaged WARC record at the end")


def _document(record: ArcWarcRecord, where: str, settings: Settings) -> RawDocument | InputError | None:
    """The page in a `response` (or `resource`) record, the error that spoils it, or None for a
    record that holds no page. Raises _Damaged when the record itself is cut short."""
    kind = _page_kind(record)
    if kind is None:
        _drain(record)  # read through it anyway: a cut-off record must still be noticed
        return None
    try:
        payload = _payload(record, where, settings)
        if not payload.strip():
            return None
        text, encoding = _decode(payload, _charset(record), where)
    except InputError as err:
        return err
    location, _, offset = where.rpartition(":")
    return RawDocument(
        source_path=location,
        line=int(offset),
        kind=kind,
        content=text,
        encoding=encoding,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        # WARC-Date is when the page was crawled, not published: passed as `date` the clean stage
        # would take it over the page's own metadata, so it travels as `retrieved_at` instead.
        retrieved_at=parse_crawl_time(
            record.rec_headers.get_header("WARC-Date") or record.rec_headers.get_header("archive-date")
        ),
    )


def parse_crawl_time(value: str | None) -> datetime.datetime | None:
    """A WARC-Date (or ARC date) as an aware UTC datetime to the second; None when absent or unreadable
    (the page is still read: a crawl time only bounds its date)."""
    value = (value or "").strip()
    iso = _ISO_TIME.fullmatch(value)
    arc = None if iso else _ARC_TIME.fullmatch(value)
    found = iso or arc
    if found is None:
        return None
    year, month, day, hour, minute, second = (int(g or 0) for g in found.groups()[:6])
    try:
        moment = datetime.datetime(year, month, day, hour, minute, second, tzinfo=datetime.timezone.utc)
    except ValueError:
        return None
    zone = iso.group(7) if iso else None
    if zone and zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        try:
            moment -= sign * datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        except OverflowError:  # an offset that carries the time past year 1 or 9999: no such crawl
            return None
    return moment


def _page_kind(record: ArcWarcRecord) -> DocumentKind | None:
    if record.rec_type == "response":
        if record.http_headers is None or record.http_headers.get_statuscode() != "200":
            return None  # redirects, errors, and DNS or FTP responses without HTTP
        content_type = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    return _KINDS.get(content_type.split(";")[0].strip().lower())


def _charset(record: ArcWarcRecord) -> str | None:
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    for param in (headers.get_header("Content-Type") or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _payload(record: ArcWarcRecord, where: str, settings: Settings) -> bytes:
    data = record.content_stream().read(settings.max_input_bytes + 1)
    if len(data) > settings.max_input_bytes:
        _drain(record)
        raise InputError(where, f"WARC record too large (limit {settings.max_input_bytes / 2**20:g} MB)")
    _check_complete(record)
    return data


def _drain(record: ArcWarcRecord) -> None:
    while record.raw_stream.read(_CHUNK):
        pass
    _check_complete(record)


def _check_complete(record: ArcWarcRecord) -> None:
    # warcio hands out a short record without complaint; the bytes its length promised but the
    # file did not hold are left in the record's limit.
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise _Damaged("truncated WARC record (the archive ends inside it)")


def _web_charset(charset: str | None) -> str | None:
    """The codec of a declared charset when it is one web pages are written in, else None."""
    try:
        name = codecs.lookup(charset).name if charset else None
    except (LookupError, ValueError):  # ValueError: a NUL or a lone surrogate in the header's value
        return None
    return name if name in _WEB_CHARSETS else None


def _decode(payload: bytes, charset: str | None, where: str) -> tuple[str, str]:
    """The charset the server declared when it decodes the payload cleanly to text that passes the
    usual checks (not blank, not binary), else the usual detection (which names what is wrong)."""
    name = _web_charset(charset)
    if name and b"\x00" not in payload:
        try:
            return checked_text(payload.decode(name), where), name
        except (UnicodeDecodeError, InputError):
            pass
    return decode_bytes(payload, where)
