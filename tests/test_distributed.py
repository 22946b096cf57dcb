"""Scale on Dask: a distributed run stores exactly what a single-process run stores, reruns ship only
new documents, and the driver never has more than a bounded number of partitions in flight.

Real LocalClusters (2 worker processes) throughout: no mocks."""

from __future__ import annotations

import io
import json
import os
import pickle
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rashomon.article_slots import Slot, partitions
from rashomon.distributed import ScaleOptions
from rashomon.types import RawDocument
from tests.conftest import REPO
from tests.helpers import invented_article

STORIES = REPO / "tests" / "data" / "stories" / "articles.jsonl"


def export(db: Path) -> list[dict[str, object]]:
    from rashomon.export import write_jsonl
    from rashomon.store.db import open_store

    out = io.StringIO()
    with open_store(str(db), create=False) as store, store.session() as session:
        write_jsonl(session, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def write_order(db: Path) -> list[str]:
    """Article ids in the order they were written (SQLite rowid), which the export does not show."""
    with sqlite3.connect(db) as connection:
        return [row[0] for row in connection.execute("select id from article order by rowid")]


def assert_same_records(single: list[dict[str, object]], distributed: list[dict[str, object]]) -> None:
    """Record by record, so a failure names the first record that differs."""
    assert len(single) > 0
    for left, right in zip(single, distributed, strict=False):
        assert left == right, f"{left.get('kind')} {left.get('id')} differs"
    assert len(single) == len(distributed)


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """One LocalCluster of 2 single-threaded workers for the module; yields the scheduler address."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as local:
        yield local.scheduler_address


def nlp_calls(address: str) -> int:
    """Documents the cluster's workers ran the pipeline on so far (each worker keeps its own count)."""
    from distributed import Client

    from rashomon.distributed import nlp_calls as worker_count

    with Client(address) as client:
        return sum(client.run(worker_count).values())


def write_corpus(folder: Path, invented: range) -> Path:
    """The stories test set, invented articles, and the awkward cases: a near-duplicate, an exact copy
    in another file, a malformed line, a text too short and one not in English."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = STORIES.read_text(encoding="utf-8").splitlines()
    lines += [json.dumps({"text": invented_article(i), "url": f"https://example.org/{i}"}) for i in invented]
    lines.insert(5, "{not json")
    lines.insert(9, json.dumps({"text": "Too short to analyse."}))
    lines.insert(12, json.dumps({"text": "Les négociations reprendront la semaine prochaine à Genève, ont "
                                         "déclaré mardi les deux délégations, après trois jours de "
                                         "discussions sans résultat sur le cessez-le-feu."}))  # fmt: skip
    near = invented_article(invented[0]).replace("Fighting reported", "Heavy fighting reported")
    lines.append(json.dumps({"text": near, "url": "https://example.org/near"}))
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "copy.txt").write_text(invented_article(invented[1]), encoding="utf-8")
    return folder


def test_partitions_hold_a_fixed_number_of_documents() -> None:
    raw = RawDocument(source_path="x", kind="text", content="x", encoding="utf-8")
    slots = [Slot(f"x:{i}", raw=raw if i % 3 else None, digest=str(i)) for i in range(20)]
    parts = list(partitions(slots, 4))
    assert [sum(s.raw is not None for s in p) for p in parts] == [4, 4, 4, 1]
    assert [s for p in parts for s in p] == slots  # order kept, nothing lost


@pytest.mark.slow
def test_results_pickle_without_spacy_objects(seeds_dir: Path) -> None:
    from rashomon.article_stages import process_document
    from rashomon.clean.article import content_hash
    from rashomon.ingest.readers import read_inputs

    raw = next(item for item in read_inputs([str(seeds_dir)]) if isinstance(item, RawDocument))
    processed = process_document(raw, content_hash(raw))
    data = pickle.dumps(processed)
    assert b"spacy" not in data  # no Doc, Span or Token travels back from a worker
    assert pickle.loads(data) == processed and processed.nlp is not None and processed.nlp.statements


@pytest.mark.slow
def test_what_workers_send_back_is_small(seeds_dir: Path) -> None:
    """A worker's result travels without the raw content (the driver has it) and without the NLP
    objects (the store rows carry what is written): the driver unpickles a fraction of it."""
    from rashomon.article_stages import process_document
    from rashomon.clean.article import content_hash
    from rashomon.distributed import _for_driver, _with_raw
    from rashomon.ingest.readers import read_inputs

    raw = next(item for item in read_inputs([str(seeds_dir)]) if isinstance(item, RawDocument))
    processed = process_document(raw, content_hash(raw))
    sent = _for_driver(processed)
    assert len(pickle.dumps(sent)) < 0.6 * len(pickle.dumps(processed))
    back = _with_raw(pickle.loads(pickle.dumps(sent)), raw)
    assert back.cleaned == processed.cleaned and back.rows == processed.rows and back.nlp is None


def test_shares_of_articles_are_put_back_in_store_order() -> None:
    from rashomon.cross_article_parts import interleaved

    items = list(range(11))
    assert interleaved([items[part::3] for part in range(3)]) == items
    assert interleaved([items[0::1]]) == items and interleaved([[], []]) == []


def test_only_stores_another_process_can_open_are_shared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rashomon.cross_article_parts import shared_store_url

    monkeypatch.chdir(tmp_path)
    assert shared_store_url("sqlite:///r.db") == f"sqlite:///{tmp_path.resolve() / 'r.db'}"
    assert shared_store_url("sqlite:////abs/r.db?timeout=5") == "sqlite:////abs/r.db?timeout=5"
    assert shared_store_url("postgresql://u@host/db") == "postgresql://u@host/db"
    for memory in ("sqlite://", "sqlite:///:memory:", "sqlite:///file:x?mode=memory&uri=true"):
        assert shared_store_url(memory) is None


@pytest.mark.slow
def test_cross_article_work_on_workers_equals_that_of_one_process(
    cluster: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """The framings, shared out to the workers, come back whole and in order; so does what the
    contradictions read of each article."""
    from distributed import Client

    from rashomon.analyze import analyze
    from rashomon.cross_article_parts import workers_share
    from rashomon.reconcile.contradictions import load_contradictions, said_in_articles
    from rashomon.reconcile.framing import load_framings
    from rashomon.store.db import open_store

    db = tmp_path / "r.db"
    analyze([str(seeds_dir)], db=str(db))
    with open_store(str(db), create=False) as store, Client(cluster) as client:
        with store.session() as session:
            contradictions = load_contradictions(session)
            said = said_in_articles(session)
        framings = load_framings(store)
        share = workers_share(client, store.url)
        assert share is not None and len(share.workers) == 2 and framings and said.statements
        assert share.start_framings()() == framings
        from_workers = share.start_said()()
        assert from_workers == said
        with store.session() as session:
            assert load_contradictions(session, said=from_workers) == contradictions
        assert workers_share(client, "sqlite://") is None  # in memory: the driver does it all


def test_a_share_whose_worker_is_gone_runs_on_another(tmp_path: Path) -> None:
    """A worker that leaves after the shares were planned (killed, restarted under a new address)
    must not leave the driver waiting for ever on a task only it may run."""
    import threading

    from distributed import Client, LocalCluster

    from rashomon.cross_article_parts import WorkersShare
    from rashomon.reconcile.framing import load_framings
    from rashomon.store.db import open_store

    url = f"sqlite:///{tmp_path / 'r.db'}"
    with open_store(url) as store:
        expected = load_framings(store)
    with (
        LocalCluster(n_workers=2, processes=False, dashboard_address=None) as local,
        Client(local) as client,
    ):
        share = WorkersShare(client, url)
        assert len(share.workers) == 2
        client.retire_workers([share.workers[0]], close_workers=True)
        got: list[object] = []
        # A daemon thread, so that a regression fails this test instead of hanging the run.
        waiter = threading.Thread(target=lambda: got.append(share.start_framings()()), daemon=True)
        waiter.start()
        waiter.join(timeout=120)
        assert got == [expected]


@pytest.mark.slow
def test_local_workers_start_forked_from_one_process_with_the_pipeline_loaded() -> None:
    """Local workers come from the fork server that loaded the pipeline (`worker_zygote`): one parent,
    not this process, and the pipeline already in each worker's cache before any warm-up. The
    store's schema check (alembic) is not loaded: workers read a store their driver has opened."""
    from rashomon.dask_cluster import dask_client
    from rashomon.settings import DEFAULT_SETTINGS

    def origin() -> tuple[int, int, bool]:  # defined here: sent by value, not imported by the workers
        from rashomon.nlp.pipeline import load_pipeline

        return os.getppid(), load_pipeline.cache_info().currsize, "alembic" in sys.modules

    with dask_client(ScaleOptions(workers=2), DEFAULT_SETTINGS) as client:
        origins = list(client.run(origin).values())
    parents = {parent for parent, _, _ in origins}
    assert len(origins) == 2 and len(parents) == 1 and os.getpid() not in parents
    assert all(loaded == 1 and not alembic for _, loaded, alembic in origins)


def test_the_preload_loads_nothing_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    from rashomon import worker_zygote
    from rashomon.nlp.pipeline import load_pipeline

    monkeypatch.delenv(worker_zygote.MODEL_VARIABLE, raising=False)
    before = load_pipeline.cache_info()
    worker_zygote.preload()
    assert load_pipeline.cache_info() == before


@pytest.mark.slow
def test_seeds_with_workers_equal_the_single_process_run(seeds_dir: Path, tmp_path: Path) -> None:
    from rashomon.analyze import analyze

    analyze([str(seeds_dir)], db=str(tmp_path / "single.db"))
    result = subprocess.run(
        [sys.executable, "-m", "rashomon", "analyze", str(seeds_dir), "--db", "dist.db", "--workers", "2"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "5 document(s) read, 5 added" in result.stderr
    records = export(tmp_path / "dist.db")
    assert any(r["kind"] == "framing" for r in records)  # computed on the workers (a relative path)
    assert_same_records(export(tmp_path / "single.db"), records)


@pytest.mark.slow
def test_larger_corpus_on_a_scheduler_equals_the_single_process_run(cluster: str, tmp_path: Path) -> None:
    from rashomon.analyze import analyze

    corpus = write_corpus(tmp_path / "in", range(60))
    single = analyze([str(corpus)], db=str(tmp_path / "single.db"))
    # Small partitions: many of them, more than may be in flight, so ordering and backpressure count.
    scale = ScaleOptions(scheduler=cluster, partition_size=3)
    dist = analyze([str(corpus)], db=str(tmp_path / "dist.db"), scale=scale)
    assert dist.workers == 2 and len(dist.worker_peak_rss) == 2
    assert max(dist.worker_peak_rss) < 900 * 2**20  # the aim is 600 MB (bench/workers_speed.py)
    assert (dist.documents_read, dist.added, dist.already_stored) == (
        single.documents_read,
        single.added,
        single.already_stored,
    )
    assert [(f.location, f.reason) for f in dist.failures] == [
        (f.location, f.reason) for f in single.failures
    ]
    assert len(dist.failures) == 1 and dist.already_stored == 1  # copy.txt
    records = export(tmp_path / "dist.db")
    assert any(r["kind"] == "article" and r["duplicate_of"] for r in records)  # the near-duplicate
    assert sum(r["kind"] == "article" for r in records) == 20 + 60 + 3  # the copy is stored once
    assert_same_records(export(tmp_path / "single.db"), records)
    assert write_order(tmp_path / "dist.db") == write_order(tmp_path / "single.db")


@pytest.mark.slow
def test_rerun_with_ten_percent_new_ships_only_the_new(cluster: str, tmp_path: Path) -> None:
    from rashomon.analyze import analyze

    scale = ScaleOptions(scheduler=cluster, partition_size=4)
    old, new = tmp_path / "old", tmp_path / "new"
    for i in range(40):
        folder = new if i % 10 == 3 else old  # the new ones spread through the input order
        folder.mkdir(exist_ok=True)
        (folder / f"a{i:02d}.txt").write_text(invented_article(i), encoding="utf-8")
    db = str(tmp_path / "r.db")
    first = analyze([str(old)], db=db, scale=scale)
    assert (len(first.added), first.processed) == (36, 36)
    before = nlp_calls(cluster)
    second = analyze([str(old), str(new)], db=db, scale=scale)
    assert second.documents_read == 40 and second.already_stored == 36
    assert second.processed == 4 and len(second.added) == 4
    assert nlp_calls(cluster) - before == 4  # the workers analysed the new documents and no others


@pytest.mark.slow
def test_partitions_in_flight_are_bounded(cluster: str) -> None:
    from distributed import Client

    from rashomon.article_slots import ProcessedArticle
    from rashomon.distributed import DaskProcessor
    from rashomon.settings import DEFAULT_SETTINGS

    options = ScaleOptions(scheduler=cluster, partition_size=2, in_flight_per_worker=1, tail_piece_size=1)
    pulled = 0

    def slots() -> Iterator[Slot]:
        nonlocal pulled
        for i in range(30):
            pulled += 1
            raw = RawDocument(source_path=f"d{i}", kind="text", content=invented_article(i), encoding="utf-8")
            yield Slot(raw.location, raw=raw, digest=f"{i:064d}")

    with Client(cluster) as client:
        processor = DaskProcessor(client, DEFAULT_SETTINGS, options)
        assert (processor.max_in_flight, processor.held_back) == (2, 2)
        done = 0
        sizes = []
        for batch in processor.batches(slots()):
            sizes.append(len(batch))
            for slot, result in batch:
                done += 1
                # The raw document, left on the driver, is put back; the rows came from the worker.
                assert isinstance(result, ProcessedArticle) and result.cleaned.raw == slot.raw
                assert result.rows.article["text"] == result.cleaned.clean.text and result.nlp is None
            # At most max_in_flight + 1 partitions, and the held_back ones, read ahead of what has
            # been handed back.
            ahead = processor.max_in_flight + 1 + processor.held_back
            assert pulled - done <= ahead * options.partition_size
    assert done == 30
    # One batch per partition; the 2 partitions held back went as pieces of one document once the
    # input ended, so the workers finish together.
    assert sizes == [2] * 13 + [1] * 4
