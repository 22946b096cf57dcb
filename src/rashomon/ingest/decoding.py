"""Turn bytes into text: byte-order marks first, strict UTF-8 next, then a charset detector.

Binary data and bytes no encoding explains are refused with a reason instead of being decoded
into mojibake, because a wrong decode silently corrupts every later stage.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from rashomon.errors import InputError

# Longest BOMs first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of files people drop into an input folder by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (also .docx/.xlsx)"),
    (b"\x7fELF", "executable"),
    (b"\x1f\x8b", "gzip data without a .gz extension"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
)

# Share of control characters (other than tab/newline/CR/form feed) above which decoded text is
# not prose. Real articles have none; 1% tolerates a stray escape sequence from a terminal copy.
_MAX_CONTROL_SHARE = 0.01
# charset-normalizer's "chaos" (mess) ratio above which its best guess is still gibberish.
_MAX_CHAOS = 0.2
# Encodings the detector may choose from: the legacy code pages news sites still serve. Leaving
# out rare ones (e.g. cp1006) stops short samples being "explained" by an exotic table.
_LEGACY_ENCODINGS = [
    "cp1252", "latin_1", "cp1250", "cp1251", "koi8_r", "mac_cyrillic", "cp1253", "cp1254",
    "cp1255", "cp1256", "iso8859_6", "iso8859_7", "iso8859_8", "iso8859_9", "gb18030", "big5",
    "shift_jis", "euc_jp", "euc_kr",
]  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode_bytes(data: bytes, location: str) -> tuple[str, str]:
    """Decode `data` read from `location`; returns (text, encoding) or raises InputError."""
    if not data.strip():
        raise InputError(location, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return checked_text(data[len(bom) :].decode(encoding), location), encoding
            except UnicodeDecodeError as err:
                raise InputError(location, f"undecodable bytes at offset {err.start} for {encoding}") from err
    refuse_binary(data[:8192], location)
    try:
        return checked_text(data.decode("utf-8"), location), "utf-8"
    except UnicodeDecodeError as err:
        if _looks_like_damaged_utf8(data):
            raise InputError(location, f"undecodable bytes: invalid UTF-8 at offset {err.start}") from err
    best = charset_normalizer.from_bytes(data, cp_isolation=_LEGACY_ENCODINGS).best()
    if best is None or best.chaos > _MAX_CHAOS:
        raise InputError(location, "undecodable bytes: no text encoding fits")
    return checked_text(str(best), location), best.encoding


def refuse_binary(head: bytes, location: str) -> None:
    """Raise InputError when the first bytes of an input show it is a binary file, not text."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise InputError(location, f"binary file ({what}), not text")
    if b"\x00" in head:
        raise InputError(location, "binary file (NUL bytes), not text")


def _looks_like_damaged_utf8(data: bytes) -> bool:
    """Valid UTF-8 sequences next to invalid bytes mean a damaged UTF-8 file, where guessing a
    legacy codec would garble every non-ASCII letter. Legacy text (cp1251, latin-1) forms a valid
    UTF-8 pair only by chance, so its invalid bytes far outnumber its valid sequences; we call it
    damaged UTF-8 when at least one valid sequence stands for every two invalid bytes."""
    valid = len(_UTF8_SEQUENCE.findall(data))
    invalid = data.decode("utf-8", errors="replace").count("\ufffd") - data.count("\ufffd".encode())
    return valid > 0 and valid * 2 >= invalid


def checked_text(text: str, location: str) -> str:
    """Decoded `text` as a reader may hand it on; InputError when it is blank, or when control
    characters show binary data. Text decoded with a charset a header declared is checked too."""
    if not text.strip():
        raise InputError(location, "empty file")
    if len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise InputError(location, "binary file (control characters), not text")
    return text
