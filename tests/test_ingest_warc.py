"""WARC input: pages out of web archives, streamed, with damaged records named by file and offset."""

from __future__ import annotations

import datetime
import gzip
import io
import json
import random
import sqlite3
import tracemalloc
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rashomon.clean.article import clean_document
from rashomon.errors import InputError
from rashomon.ingest.readers import expand_paths, read_inputs
from rashomon.ingest.warc import parse_crawl_time
from rashomon.settings import Settings
from rashomon.types import RawDocument

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def page(i: int, words: str = "") -> bytes:
    """An invented news page."""
    return (
        f"<html><head><title>Ceasefire talks resume in Portvale, round {i}</title></head><body>"
        "<nav>Home | World | Sport</nav><article>"
        f"<h1>Ceasefire talks resume in Portvale, round {i}</h1>"
        f"<p>Mediators in the coastal town of Portvale said on Monday that delegations from both sides "
        f"had returned to the table for round {i}, after a week in which {i + 4} shells struck the port.</p>"
        f"<p>A spokesperson for the harbour authority said cargo ships were waiting offshore. {words}</p>"
        "</article><footer>All rights reserved</footer></body></html>"
    ).encode()


def write_warc(
    path: Path, records: list[tuple[str, str, str, bytes]], crawled: str | None = None
) -> list[int]:
    """Write (record type, url, 'STATUS; Content-Type', payload) records, crawled at `crawled` (a
    WARC-Date; warcio's clock when None); returns their offsets."""
    offsets = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        for rec_type, url, head, payload in records:
            offsets.append(out.tell())
            status, _, content_type = head.partition("; ")
            http = None
            if rec_type in ("response", "request"):
                headers = [("Content-Type", content_type), ("Content-Length", str(len(payload)))]
                http = StatusAndHeaders(status, headers, protocol="HTTP/1.1", is_http_request=False)
                if rec_type == "request":
                    http = StatusAndHeaders(
                        f"GET {url} HTTP/1.1", [("Host", "example.org")], is_http_request=True
                    )
            record = writer.create_warc_record(
                url,
                rec_type,
                payload=io.BytesIO(payload),
                http_headers=http,
                warc_headers_dict={"WARC-Date": crawled} if crawled else None,
            )
            writer.write_record(record)
    return offsets


def read_all(*paths: Path, settings: Settings | None = None) -> list[RawDocument | InputError]:
    return list(read_inputs([str(p) for p in paths], settings or Settings()))


def test_pages_come_out_and_everything_else_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(
        path,
        [
            ("request", "https://news.example.org/a", "", b""),
            ("response", "https://news.example.org/a", "200 OK; text/html; charset=utf-8", page(1)),
            ("response", "https://news.example.org/logo.png", "200 OK; image/png", PNG),
            ("response", "https://news.example.org/gone", "404 Not Found; text/html", page(2)),
            ("response", "https://news.example.org/old", "301 Moved Permanently; text/html", b""),
            ("response", "https://news.example.org/b.txt", "200 OK; text/plain", b"Plain wire copy.\n"),
            ("response", "https://news.example.org/c", "200 OK; text/html; charset=windows-1251",
             "<html><body><p>Переговоры продолжатся в среду.</p></body></html>".encode("cp1251")),
        ],
    )  # fmt: skip
    results = read_all(path)
    assert all(isinstance(r, RawDocument) for r in results), results
    docs = [r for r in results if isinstance(r, RawDocument)]
    assert [(d.url, d.kind) for d in docs] == [
        ("https://news.example.org/a", "html"),
        ("https://news.example.org/b.txt", "text"),
        ("https://news.example.org/c", "html"),
    ]
    assert docs[0].location == f"{path}:{offsets[1]}"
    assert "round 1" in docs[0].content
    assert docs[2].encoding == "cp1251" and "Переговоры" in docs[2].content


def test_binary_payload_labelled_as_a_page_is_refused_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "mixed.warc"
    offsets = write_warc(
        path,
        [
            ("response", "https://x.example/1", "200 OK; text/html", page(1)),
            ("response", "https://x.example/pic", "200 OK; text/html", PNG),
            ("response", "https://x.example/2", "200 OK; text/html", page(2)),
        ],
    )
    results = read_all(path)
    assert isinstance(results[0], RawDocument) and isinstance(results[2], RawDocument)
    error = results[1]
    assert isinstance(error, InputError)
    assert error.location == f"{path}:{offsets[1]}" and "binary" in error.reason


def test_truncated_warc_gz_keeps_earlier_records_and_names_the_cut(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    offsets = write_warc(
        whole, [("response", f"https://y.example/{i}", "200 OK; text/html", page(i)) for i in range(3)]
    )
    data = whole.read_bytes()
    inside_last = tmp_path / "cut-inside.warc.gz"
    inside_last.write_bytes(data[:-40])  # the last gzip member loses its end: its page is cut short
    results = read_all(inside_last)
    assert [r.url for r in results[:2] if isinstance(r, RawDocument)] == [
        "https://y.example/0",
        "https://y.example/1",
    ]
    assert isinstance(results[2], InputError) and len(results) == 3
    assert results[2].location == f"{inside_last}:{offsets[2]}" and "truncated" in results[2].reason

    mid_member = tmp_path / "cut-member.warc.gz"
    mid_member.write_bytes(data[: offsets[1] + 30])  # only the gzip header of the second record is left
    results = read_all(mid_member)
    assert isinstance(results[0], RawDocument) and len(results) == 2
    assert isinstance(results[1], InputError) and results[1].location == f"{mid_member}:{offsets[1]}"


def test_not_a_warc_and_empty_files_are_named(tmp_path: Path) -> None:
    garbage = tmp_path / "junk.warc"
    garbage.write_bytes(b"this is not a web archive at all\n" * 20)
    zipped_garbage = tmp_path / "junk.warc.gz"
    zipped_garbage.write_bytes(gzip.compress(b"nor is this, once unzipped\n" * 20))
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    results = read_all(garbage, zipped_garbage, empty)
    assert [type(r) for r in results] == [InputError, InputError, InputError]
    assert results[0].location == str(garbage) and "not a WARC file" in results[0].reason
    assert results[1].location == f"{zipped_garbage}:0" and "damaged WARC record" in results[1].reason
    assert results[2].location == str(empty) and results[2].reason == "empty file"


def test_directories_list_warc_files(tmp_path: Path) -> None:
    for name in ("a.warc", "b.warc.gz", "c.WARC.GZ", "d.warc.zip"):
        (tmp_path / name).write_bytes(b"")
    assert [Path(p).name for p in expand_paths([str(tmp_path)])] == ["a.warc", "b.warc.gz", "c.WARC.GZ"]


def test_many_record_archive_is_read_as_a_stream(tmp_path: Path) -> None:
    path = tmp_path / "big.warc"
    rng = random.Random(7)
    vocabulary = [
        "harbour",
        "convoy",
        "council",
        "truce",
        "shelling",
        "mediator",
        "ministry",
        "border",
        "crossing",
        "aid",
    ]
    count = 600
    records = []
    for i in range(count):
        words = " ".join(rng.choice(vocabulary) for _ in range(1500))  # ~12 KB a page
        records.append(
            ("response", f"https://z.example/{i}", "200 OK; text/html; charset=utf-8", page(i, words))
        )
    write_warc(path, records)
    size = path.stat().st_size
    assert size > 6 * 2**20
    tracemalloc.start()
    try:
        seen = 0
        for item in read_inputs([str(path)], Settings()):
            assert isinstance(item, RawDocument)
            seen += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == count
    print(f"tracemalloc peak {peak} bytes reading a {size}-byte archive of {count} records")
    assert peak < size / 20, f"peak {peak} bytes for a {size}-byte archive"


def test_analyze_stores_pages_from_a_warc(tmp_path: Path) -> None:
    from rashomon.analyze import analyze

    path = tmp_path / "news.warc.gz"
    write_warc(
        path,
        [
            ("response", "https://news.example.org/portvale", "200 OK; text/html", page(3)),
            ("response", "https://news.example.org/err", "500 Internal Server Error; text/html", page(4)),
        ],
    )
    db = tmp_path / "r.db"
    summary = analyze([str(path)], db=str(db))
    assert (len(summary.added), summary.failures) == (1, [])
    with sqlite3.connect(db) as connection:
        row = connection.execute("select source_url, input_kind, title from article").fetchone()
    assert row[0] == "https://news.example.org/portvale" and row[1] == "html" and "Portvale" in row[2]


# --- the crawl time (WARC-Date): kept as retrieved_at, an upper bound on the publication date ----

UTC = datetime.timezone.utc


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-02-14T10:05:00Z", datetime.datetime(2020, 2, 14, 10, 5, tzinfo=UTC)),
        ("2020-02-14T10:05:00.123456789Z", datetime.datetime(2020, 2, 14, 10, 5, tzinfo=UTC)),  # WARC/1.1
        ("2020-02-14T12:05:00+02:00", datetime.datetime(2020, 2, 14, 10, 5, tzinfo=UTC)),
        ("20200214100500", datetime.datetime(2020, 2, 14, 10, 5, tzinfo=UTC)),  # ARC
        ("2020-02-30T10:05:00Z", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_crawl_times_are_read_as_utc(value: str | None, expected: datetime.datetime | None) -> None:
    assert parse_crawl_time(value) == expected


def archived(html: str, crawled: str) -> RawDocument:
    return RawDocument(
        source_path="x.warc", kind="html", content=html, encoding="utf-8", line=0,
        retrieved_at=parse_crawl_time(crawled),
    )  # fmt: skip


def dated_page(meta: str = "", body: str = "") -> str:
    return (
        f"<html><head><title>Talks in Portvale</title>{meta}</head><body><article>"
        "<h1>Talks in Portvale</h1>"
        f"{body or '<p>Mediators in Portvale said on Monday that delegations had returned to the table.</p>'}"
        "<p>A spokesperson for the harbour authority said cargo ships were waiting offshore.</p>"
        "</article></body></html>"
    )


def test_pages_carry_their_crawl_time_not_as_a_publication_date(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path, [("response", "https://n.example/a", "200 OK; text/html", page(1))], "2020-02-14T10:05:00Z"
    )
    (doc,) = read_all(path)
    assert isinstance(doc, RawDocument) and doc.date is None
    assert doc.retrieved_at == datetime.datetime(2020, 2, 14, 10, 5, tzinfo=UTC)
    cleaned = clean_document(doc)
    assert cleaned.retrieved_at == doc.retrieved_at
    # The page gives no date: none is invented from the crawl, which the basis names as a bound only.
    assert (cleaned.published.date, cleaned.published.precision) == (None, "unknown")
    assert "retrieved 2020-02-14 (upper bound only)" in cleaned.published.basis


def test_page_dates_after_the_crawl_are_ignored_with_a_time_zone_of_slack() -> None:
    crawled = "2020-02-14T20:00:00Z"
    meta = '<meta property="article:published_time" content="{}">'
    same_day_ahead = clean_document(archived(dated_page(meta.format("2020-02-15T08:00:00+13:00")), crawled))
    assert same_day_ahead.published.date == "2020-02-15"  # already the 15th in Auckland
    later = clean_document(archived(dated_page(meta.format("2020-03-01")), crawled))
    assert later.published.date is None
    assert "after the page was retrieved, 2020-02-15" in later.published.basis
    earlier = clean_document(archived(dated_page(meta.format("2020-02-10")), crawled))
    assert (earlier.published.date, earlier.published.basis) == ("2020-02-10", "metadata")


def test_the_crawl_bounds_the_year_found_by_weekday_consistency() -> None:
    body = "<p>PORTVALE, June 13 - The harbour council said on Thursday that talks begun in 2015 go on.</p>"
    unbounded = clean_document(archived(dated_page(body=body), "2030-01-01T00:00:00Z"))
    assert unbounded.published.date == "2019-06-13"  # the first June 13 on a Thursday from 2015
    # Crawled in 2018, the page cannot be from 2019, and no earlier year fits: no date, not a wrong one.
    bounded = clean_document(archived(dated_page(body=body), "2018-07-01T00:00:00Z"))
    assert bounded.published.date is None and "no year from 2015 to 2018 fits" in bounded.published.basis


def test_analyze_stores_and_exports_the_crawl_time(tmp_path: Path) -> None:
    from rashomon.analyze import analyze
    from rashomon.export import write_jsonl
    from rashomon.store.db import open_store

    path = tmp_path / "news.warc.gz"
    write_warc(
        path, [("response", "https://n.example/p", "200 OK; text/html", page(5))], "2021-03-04T05:06:07Z"
    )
    text = tmp_path / "plain.txt"
    text.write_text("Officials in Harrow said on Tuesday that the crossing would reopen next week. " * 3)
    db = tmp_path / "r.db"
    analyze([str(path), str(text)], db=str(db))
    out = io.StringIO()
    with open_store(str(db), create=False) as store, store.session() as session:
        write_jsonl(session, out, "article")
    sources = {r["source"]["path"]: r for r in map(json.loads, out.getvalue().splitlines())}
    warc_article = sources[str(path)]
    assert warc_article["source"]["retrieved_at"] == "2021-03-04T05:06:07Z"
    assert warc_article["published"]["date"] is None
    assert sources[str(text)]["source"]["retrieved_at"] is None
