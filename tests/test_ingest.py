"""Readers and decoding: every input form, every kind of bad input, each named with its reason."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from rashomon.errors import InputError
from rashomon.ingest.decoding import decode_bytes
from rashomon.ingest.readers import expand_paths, input_format, read_inputs
from rashomon.settings import Settings
from rashomon.types import RawDocument

STORY = "The council met on Tuesday and agreed to extend the truce by thirty days, officials said.\n"


def read_all(*paths: Path | str, settings: Settings | None = None) -> list[RawDocument | InputError]:
    return list(read_inputs([str(p) for p in paths], settings or Settings()))


def only_error(results: list[RawDocument | InputError]) -> InputError:
    assert len(results) == 1 and isinstance(results[0], InputError), results
    return results[0]


# --- decoding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Déclaration du ministère à Genève".encode(), "utf-8"),
        ("\ufeffAccord signé à Genève".encode(), "utf-8"),  # UTF-8 with BOM
        ("Переговоры в Москве продолжатся".encode("utf-16"), "utf-16-le"),
        ("Переговоры в Москве продолжатся".encode("utf-16-be").join([b"\xfe\xff", b""]), "utf-16-be"),
    ],
)
def test_decodes_unicode_forms(data: bytes, encoding: str) -> None:
    text, used = decode_bytes(data, "x.txt")
    assert used == encoding
    assert "Genève" in text or "Москве" in text
    assert not text.startswith("\ufeff")


def test_decodes_legacy_cyrillic_cp1251() -> None:
    russian = (
        "Министерство обороны заявило в четверг, что переговоры о прекращении огня продолжаются, "
        "а гуманитарные коридоры остаются открытыми для мирных жителей."
    )
    text, used = decode_bytes(russian.encode("cp1251"), "ru.txt")
    assert text == russian
    assert used == "cp1251"


def test_decodes_legacy_latin1() -> None:
    french = (
        "Le ministre a déclaré mercredi que les négociations à Genève reprendraient dès que possible, "
        "malgré les échanges de tirs signalés près de la frontière."
    )
    text, used = decode_bytes(french.encode("latin-1"), "fr.txt")
    assert text == french
    assert used in {"cp1252", "latin_1", "iso8859_15"}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (PDF document)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG image)"),
        (b"abc\x00\x01\x02def\x00", "binary file (NUL bytes)"),
        ("Agreement reached in Genève".encode() + b" then \xff\xfe bytes", "undecodable bytes"),
    ],
)
def test_refuses_what_is_not_text(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "bad.txt")
    assert caught.value.location == "bad.txt"
    assert reason in caught.value.reason


# --- file forms -------------------------------------------------------------------------------


def test_txt_html_and_gz_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.html").write_text(f"<html><body><p>{STORY}</p></body></html>", encoding="utf-8")
    (tmp_path / "c.htm.gz").write_bytes(gzip.compress(f"<html><body><p>{STORY}</p></body></html>".encode()))
    results = read_all(tmp_path / "a.txt", tmp_path / "b.html", tmp_path / "c.htm.gz")
    assert [r.kind for r in results if isinstance(r, RawDocument)] == ["text", "html", "html"]
    assert all(STORY.strip() in r.content for r in results if isinstance(r, RawDocument))


def test_directories_are_walked_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "deep.txt").write_text(STORY)
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")  # unknown types inside folders are passed over
    (tmp_path / ".hidden.txt").write_text(STORY)
    assert list(expand_paths([str(tmp_path)])) == [str(tmp_path / "a.txt"), str(tmp_path / "z" / "deep.txt")]


def test_file_named_explicitly_with_unknown_type_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    error = only_error(read_all(path))
    assert error.location == str(path)
    assert "unsupported file type" in error.reason


def test_input_format_looks_through_gz() -> None:
    assert input_format(Path("x.HTML.gz")) == "html"
    assert input_format(Path("x.jsonl")) == "jsonl"
    assert input_format(Path("x.docx")) is None


def test_jsonl_records_and_malformed_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": STORY, "url": "https://example.org/a", "title": "Truce", "date": "2024-05-02"}),
        "{not json",
        "",
        json.dumps({"html": f"<html><body><p>{STORY}</p></body></html>", "outlet": "Example Wire"}),
        json.dumps({"title": "no body"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": STORY, "date": 20240502}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    results = read_all(path)
    docs = [r for r in results if isinstance(r, RawDocument)]
    errors = {e.location: e.reason for e in results if isinstance(e, InputError)}
    assert [(d.line, d.kind, d.url, d.outlet) for d in docs] == [
        (1, "text", "https://example.org/a", None),
        (4, "html", None, "Example Wire"),
    ]
    assert docs[0].location == f"{path}:1"
    assert "malformed JSON" in errors[f"{path}:2"]
    assert "no non-empty 'text' or 'html'" in errors[f"{path}:5"]
    assert "must be a JSON object" in errors[f"{path}:6"]
    assert "field 'date' must be a string" in errors[f"{path}:7"]


def test_truncated_gzip_is_named(tmp_path: Path) -> None:
    whole = gzip.compress(("<html><body>" + STORY * 200 + "</body></html>").encode())
    path = tmp_path / "cut.html.gz"
    path.write_bytes(whole[: len(whole) // 2])
    error = only_error(read_all(path))
    assert error.location == str(path)
    assert "truncated gzip" in error.reason


def test_not_gzip_at_all(tmp_path: Path) -> None:
    path = tmp_path / "fake.txt.gz"
    path.write_bytes(b"this is plain text pretending")
    assert "corrupt gzip" in only_error(read_all(path)).reason


def test_size_limit_applies_before_and_after_gunzip(tmp_path: Path) -> None:
    small = Settings(max_input_bytes=1000)
    big = tmp_path / "big.txt"
    big.write_text(STORY * 50)
    assert "file too large" in only_error(read_all(big, settings=small)).reason
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 5000))  # 5 kB that compresses to a few bytes
    assert "after decompression" in only_error(read_all(bomb, settings=small)).reason


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert only_error(read_all(empty)).reason == "empty file"
    assert "no such file" in only_error(read_all(tmp_path / "gone.txt")).reason


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "1.txt").write_text(STORY)
    (tmp_path / "2.txt").write_bytes(b"\x00\x01binary\x00")
    (tmp_path / "3.txt").write_text(STORY.replace("Tuesday", "Friday"))
    results = read_all(tmp_path)
    assert [type(r).__name__ for r in results] == ["RawDocument", "InputError", "RawDocument"]


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        (STORY.encode(), "text"),
        (b"<!DOCTYPE html><html><body><p>" + STORY.encode() + b"</p></body></html>", "html"),
        (gzip.compress(STORY.encode()), "text"),
    ],
)
def test_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch, payload: bytes, kind: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(payload)))
    (doc,) = read_all("-")
    assert isinstance(doc, RawDocument)
    assert (doc.source_path, doc.kind) == ("<stdin>", kind)


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    payload = (json.dumps({"text": STORY}) + "\n" + json.dumps({"text": STORY + " More."}) + "\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(payload)))
    docs = read_all("-")
    assert [d.location for d in docs] == ["<stdin>:1", "<stdin>:2"]


def test_jsonl_keeps_separators_inside_strings_and_reads_retrieved_at(tmp_path: Path) -> None:
    text = f"{STORY}\u2028A second line\u0085and a third."
    lines = [
        json.dumps({"text": text, "retrieved_at": "2020-02-14T10:05:00Z"}, ensure_ascii=False),
        json.dumps({"text": STORY, "retrieved_at": "last week"}),
        json.dumps({"text": STORY}) + "\r",  # a CRLF file
    ]
    path = tmp_path / "collected.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    results = read_all(path)
    first, error, third = results
    assert isinstance(first, RawDocument) and first.content == text and first.line == 1
    assert first.retrieved_at is not None and first.retrieved_at.isoformat() == "2020-02-14T10:05:00+00:00"
    assert isinstance(error, InputError) and "'retrieved_at' must be an ISO 8601 time" in error.reason
    assert isinstance(third, RawDocument) and third.line == 3 and third.retrieved_at is None


def test_jsonl_lines_json_cannot_convert_fail_alone(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    lines = ['{"text": 1' + "1" * 5000 + "}", "[" * 100_000, json.dumps({"text": STORY})]
    path.write_text("\n".join(lines), encoding="utf-8")
    first, second, third = read_all(path)
    assert isinstance(first, InputError) and "unreadable JSON (ValueError" in first.reason
    assert isinstance(second, InputError) and "unreadable JSON (RecursionError" in second.reason
    assert isinstance(third, RawDocument) and third.line == 3


def test_a_retrieved_at_past_the_calendar_is_refused_for_its_line_only(tmp_path: Path) -> None:
    path = tmp_path / "odd-times.jsonl"
    lines = [
        json.dumps({"text": STORY, "retrieved_at": "0001-01-01T00:00:00+01:00"}),
        json.dumps({"text": STORY + " Later.", "retrieved_at": "9999-12-31T23:00:00-02:00"}),
        json.dumps({"text": STORY + " Last."}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    first, second, third = read_all(path)
    assert isinstance(first, InputError) and "'retrieved_at' must be an ISO 8601 time" in first.reason
    assert isinstance(second, InputError) and "'retrieved_at' must be an ISO 8601 time" in second.reason
    assert isinstance(third, RawDocument)
