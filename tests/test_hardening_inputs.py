"""Hostile inputs through the real command line on a real SQLite store: none crashes a run, each is
named with its reason, the good inputs beside it are stored, the run completes with the cross-article
stage, and a rerun adds nothing."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.helpers import invented_article

pytestmark = pytest.mark.slow


def rashomon(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rashomon", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def records(work: Path, kind: str) -> list[dict]:
    result = rashomon("export", "--db", "store.db", "--kind", kind, cwd=work)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def runs(work: Path) -> list[dict]:
    result = rashomon("info", "--db", "store.db", "--json", cwd=work)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["recent_runs"]


def assert_clean_exit(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr, result.stderr


def failure_lines(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """`failed: LOCATION: REASON` lines of stderr, by location."""
    found = {}
    for line in result.stderr.splitlines():
        if line.startswith("failed: "):
            location, _, reason = line[len("failed: ") :].partition(": ")
            found[location] = reason
    return found


def padded_page(i: int, padding: int) -> str:
    """An HTML page whose article is short but whose markup is long (a script block): a big JSONL
    record that costs the NLP little."""
    paragraphs = "".join(f"<p>{p}</p>" for p in invented_article(i).split("\n\n")[1:-1])
    script = "var x = 1;" * (padding // 10)
    return f"<html><head><script>{script}</script></head><body><article>{paragraphs}</article></body></html>"


# The limit on one input (file or JSONL record) for the batch below, small so the test stays fast.
LIMIT = 60_000


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """One folder holding good articles and every kind of hostile input, analysed once."""
    work = tmp_path_factory.mktemp("hostile")
    inputs = work / "in"
    inputs.mkdir()
    (inputs / "01-good.txt").write_text(invented_article(1), encoding="utf-8")
    # A JSONL batch larger than the limit, made of records each under it, one of them over it, and
    # lone surrogates (as JSON escapes) in a text and a title.
    lines = [
        json.dumps({"html": padded_page(i, 25_000), "url": f"https://example.org/{i}"}) for i in (2, 3, 4)
    ]
    lines.insert(1, json.dumps({"html": padded_page(5, LIMIT * 2)}))
    broken = {"text": invented_article(6) + " Broken \udfff end.", "title": "Bad \udfff title"}
    lines.append(json.dumps(broken))
    (inputs / "02-batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert (inputs / "02-batch.jsonl").stat().st_size > LIMIT * 2
    # A file name that is not UTF-8.
    with open(os.fsencode(inputs) + b"/03-bad\xffname.txt", "w", encoding="utf-8") as odd:
        odd.write(invented_article(7))
    (inputs / "04-good.txt").write_text(invented_article(8), encoding="utf-8")
    os.symlink("/dev/zero", work / "zero.txt")  # given directly: the walk of a folder skips devices
    result = rashomon("analyze", "in", "zero.txt", "--db", "store.db", "--max-bytes", str(LIMIT), cwd=work)
    return work, result


def test_the_hostile_batch_exits_cleanly_and_completes(hostile_batch: tuple[Path, object]) -> None:
    work, result = hostile_batch
    assert_clean_exit(result)
    assert result.returncode == 1  # some inputs failed, each named
    assert "9 document(s) read, 7 added, 0 already stored, 2 failed" in result.stderr
    (run,) = runs(work)
    tallies = (run["status"], run["documents_read"], run["articles_added"], run["failed"])
    assert tallies == ("completed", 9, 7, 2)
    assert records(work, "story"), "the cross-article stage ran"


def test_a_jsonl_batch_over_the_limit_is_read_record_by_record(hostile_batch: tuple[Path, object]) -> None:
    work, result = hostile_batch
    failures = failure_lines(result)
    assert "record too large" in failures["in/02-batch.jsonl:2"]
    stored = {(a["source"]["path"], a["source"]["line"]) for a in records(work, "article")}
    assert {("in/02-batch.jsonl", line) for line in (1, 3, 4, 5)} <= stored


def test_lone_surrogates_are_replaced_not_fatal(hostile_batch: tuple[Path, object]) -> None:
    work, _ = hostile_batch
    (article,) = [a for a in records(work, "article") if a["title"] and a["title"].startswith("Bad ")]
    assert article["title"] == "Bad \ufffd title"
    assert "Broken \ufffd end." in article["text"]


def test_a_file_name_that_is_not_utf8_is_stored_and_named(hostile_batch: tuple[Path, object]) -> None:
    work, _ = hostile_batch
    paths = {a["source"]["path"] for a in records(work, "article")}
    assert "in/03-bad\\xffname.txt" in paths


def test_a_device_is_refused_without_reading_it(hostile_batch: tuple[Path, object]) -> None:
    _, result = hostile_batch
    assert failure_lines(result)["zero.txt"] == "not a regular file (character device)"


def test_a_rerun_adds_nothing(hostile_batch: tuple[Path, object]) -> None:
    work, _ = hostile_batch
    again = rashomon("analyze", "in", "zero.txt", "--db", "store.db", "--max-bytes", str(LIMIT), cwd=work)
    assert_clean_exit(again)
    assert "9 document(s) read, 0 added, 7 already stored, 2 failed" in again.stderr


def test_a_fifo_is_read_with_the_same_bound(tmp_path: Path) -> None:
    fifo = tmp_path / "piped.txt"
    os.mkfifo(fifo)

    def write_then_close() -> None:
        with fifo.open("w", encoding="utf-8") as pipe:  # blocks until the reader opens it
            pipe.write(invented_article(11))

    writer = threading.Thread(target=write_then_close, daemon=True)
    writer.start()
    result = rashomon("analyze", str(fifo), "--db", "store.db", cwd=tmp_path)
    writer.join(timeout=10)
    assert_clean_exit(result)
    assert "1 document(s) read, 1 added" in result.stderr


def test_an_endless_fifo_stops_at_the_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "endless.txt"
    os.mkfifo(fifo)
    stop = threading.Event()

    def write_forever() -> None:
        chunk = ("word " * 2000).encode()
        try:
            with fifo.open("wb") as pipe:
                while not stop.is_set():
                    pipe.write(chunk)
        except BrokenPipeError:
            pass  # the reader stopped reading: what the test wants

    writer = threading.Thread(target=write_forever, daemon=True)
    writer.start()
    (tmp_path / "good.txt").write_text(invented_article(12), encoding="utf-8")
    result = rashomon(
        "analyze", str(fifo), "good.txt", "--db", "store.db", "--max-bytes", "100000", cwd=tmp_path
    )
    stop.set()
    assert_clean_exit(result)
    assert "file too large" in failure_lines(result)[str(fifo)]
    assert "2 document(s) read, 1 added" in result.stderr


def stored_articles(db: Path) -> int:
    """Articles committed so far, read without taking the writer's lock."""
    if not db.exists():
        return 0
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as connection:
        try:
            return connection.execute("SELECT count(*) FROM article").fetchone()[0]
        except sqlite3.OperationalError:  # not created yet, or locked for a moment
            return 0


# Enough inputs that a run is still going when the test stops it, after its first batches are stored.
INTERRUPTED_INPUTS = 150


def _interruptible() -> None:
    """Ctrl-C as a terminal sends it: a suite run as a background job (`cmd &` in a script) starts
    its children with SIGINT ignored, and Python then installs no handler for it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_is_marked_with_its_true_counts(tmp_path: Path, stop_signal: int) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(INTERRUPTED_INPUTS):
        (inputs / f"{i:03d}.txt").write_text(invented_article(i), encoding="utf-8")
    db = tmp_path / "store.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "rashomon", "analyze", "in", "--db", "store.db"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_interruptible,
    )
    deadline = time.monotonic() + 240
    while stored_articles(db) < 10 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
    process.send_signal(stop_signal)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "interrupted: run 1 stopped after" in stderr
    stored = stored_articles(db)
    assert 10 <= stored < INTERRUPTED_INPUTS
    (run,) = runs(tmp_path)
    assert run["status"] == "interrupted"
    assert run["articles_added"] == stored
    assert run["documents_read"] == stored  # every input read so far was new and good
    assert run["finished_at"] is not None
    # Going on: the rest is added, nothing twice.
    again = rashomon("analyze", "in", "--db", "store.db", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    total = INTERRUPTED_INPUTS
    assert f"{total} document(s) read, {total - stored} added, {stored} already stored" in again.stderr


def test_an_export_into_a_closed_pipe_is_quiet(hostile_batch: tuple[Path, object]) -> None:
    """`rashomon export | head`: the reader is gone before the first write (its end is closed at
    once), so every write meets a broken pipe."""
    work, _ = hostile_batch
    process = subprocess.Popen(
        [sys.executable, "-m", "rashomon", "export", "--db", "store.db"],
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    process.stdout.close()
    stderr = process.stderr.read() if process.stderr else ""
    process.wait(timeout=120)
    assert process.returncode == 1
    assert stderr == "", stderr
