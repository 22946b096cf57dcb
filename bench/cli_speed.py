"""Speed of the whole `rashomon analyze` command, as a user runs it, against plain spaCy, in one run.

    python bench/cli_speed.py [--rounds 3] [--workers-rounds 2] [--out bench/results/cli_speed.json]

What is timed is a whole process, start to exit (interpreter start-up, imports, model and gazetteer
load, reading, cleaning, NLP, extraction, the store's writes and the cross-article stage):

- `rashomon analyze DIR --db sqlite:///fresh.db` on the 181 article texts of the extraction
  benchmark (`../shared/bench/extraction/ground-truth.json`, the gold article bodies, 132k words,
  written as .txt files to a temporary folder outside the repository), and on one short article of
  them (the one nearest 300 words);
- against one process that loads the plain spaCy pipeline the project uses (`spacy.load` of
  en_core_web_sm, or its PyPI re-upload) and runs `nlp.pipe` over the same .txt files: the least a
  user pays to have spaCy read them;
- `rashomon analyze BATCH --workers 2` against `--workers 1` (and the single-process command) on the
  200-document corpus of `bench/workers_speed.py`, start-up and the cross-article stage included,
  with each Dask worker's peak resident memory (the process tree is sampled every 0.1 s).

Every run gets a fresh store. Rounds alternate between the commands so that machine noise hits all
alike; medians are compared (best rounds are recorded too). The machine is shared: the CPU seconds
other processes took during each run are recorded per second of it (`other_processes_cpu_share`),
and each command's own CPU seconds (its process tree's) are compared too, which other jobs disturb
less than wall time (both commands run on one core: the NLP holds BLAS to one thread).
`--batched-plain` adds plain spaCy with `nlp.pipe(texts, batch_size=16)` for reference: spaCy's
default batch is 1,000 texts, so the plain process parses all 181 at once (2.6 GB resident).
The gazetteer's index is cached (`rashomon.kb.gazetteer`); a warm-up run before the timing makes
sure it is built, as it is after a user's first run or `scripts/setup.sh`.

Aims (issue 21): the whole command >= 1.5x plain spaCy on the 181 texts; on one short article at
most 2.5x plain spaCy's load and parse; `--workers 2` >= 1.7x `--workers 1`, <= 600 MB per worker.
The stage benchmarks (`pipeline_speed.py`: the NLP stage; `workers_speed.py`: the per-article
phase) stay, and measure stages, not the command.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
GROUND_TRUTH = SHARED / "bench" / "extraction" / "ground-truth.json"
SHORT_WORDS = 300  # the short article: the text nearest this many words
AIM_WHOLE, AIM_SHORT, AIM_WORKERS, AIM_WORKER_MB = 1.5, 2.5, 1.7, 600

# The plain-spaCy process: the model the project loads, nlp.pipe over the .txt files of a folder.
PLAIN = """
import sys
from pathlib import Path
import spacy
from rashomon.nlp.pipeline import resolve_model_name
nlp = spacy.load(resolve_model_name())
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
batch = {"batch_size": int(sys.argv[2])} if len(sys.argv) > 2 else {}
docs = sum(1 for _ in nlp.pipe(texts, **batch))
print(f"{docs} docs", file=sys.stderr)
"""


def write_texts(folder: Path) -> tuple[Path, Path, dict[str, int]]:
    """The 181 gold bodies as .txt files in folder/all, the short one alone in folder/short."""
    gold = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    every, short = folder / "all", folder / "short"
    every.mkdir()
    short.mkdir()
    bodies = {key[:16]: item["articleBody"] for key, item in sorted(gold.items())}
    for name, body in bodies.items():
        (every / f"{name}.txt").write_text(body, encoding="utf-8")
    nearest = min(bodies, key=lambda name: (abs(len(bodies[name].split()) - SHORT_WORDS), name))
    (short / f"{nearest}.txt").write_text(bodies[nearest], encoding="utf-8")
    words = {
        "texts": len(bodies),
        "words": sum(len(b.split()) for b in bodies.values()),
        "short_words": len(bodies[nearest].split()),
    }
    return every, short, words


def write_workers_batch(path: Path, count: int) -> int:
    sys.path.insert(0, str(REPO / "bench"))
    from workers_speed import corpus_records

    records = corpus_records(count)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return len(records)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH", "")]))
    return env


def machine_busy_seconds() -> float:
    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, "iowait", 0.0)


def timed(command: Sequence[str]) -> dict[str, object]:
    """Run a command to its end: wall seconds, its CPU, the peak RSS of each of its processes, and
    the CPU other processes took meanwhile (per second of the run)."""
    busy = machine_busy_seconds()
    before = os.times()
    started = time.perf_counter()
    process = psutil.Popen(
        list(command), env=_env(), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peaks: dict[int, tuple[str, int]] = {}
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
        except psutil.Error:
            tree = []
        for proc in tree:
            try:
                rss = proc.memory_info().rss
                name = _role(proc, process.pid)
            except psutil.Error:
                continue
            if rss > peaks.get(proc.pid, ("", 0))[1]:
                peaks[proc.pid] = (name, rss)
        time.sleep(0.1)
    wall = time.perf_counter() - started
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-2000:]}")
    after = os.times()
    own = (after.children_user + after.children_system) - (before.children_user + before.children_system)
    foreign = max(0.0, machine_busy_seconds() - busy - own)
    main_rss = peaks.get(process.pid, ("", 0))[1]
    workers = sorted(rss for role, rss in peaks.values() if role == "worker")
    zygotes = [rss for role, rss in peaks.values() if role == "zygote"]
    return {
        "seconds": round(wall, 3),
        "cpu_seconds": round(own, 2),
        "peak_rss_mb": round(main_rss / 2**20),
        "worker_peak_rss_mb": [round(rss / 2**20) for rss in workers],
        # The process local workers are forked from (`rashomon.worker_zygote`): not a worker, and
        # its pages are shared with them (each worker's resident set counts them too).
        "zygote_peak_rss_mb": [round(rss / 2**20) for rss in zygotes],
        "other_processes_cpu_share": round(foreign / wall, 2),
    }


def _role(proc: psutil.Process, command_pid: int) -> str:
    """The process's part in the command: a Dask "worker" (spawned, or forked from the fork server),
    the fork server itself ("zygote"), or "" (the command, and the rest)."""
    if proc.pid == command_pid:
        return ""
    command = " ".join(proc.cmdline()[1:4])
    if "spawn" in command:
        return "worker"
    if "forkserver" in command:
        return "zygote" if proc.ppid() == command_pid else "worker"
    return ""


def analyze_command(inputs: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "rashomon", "analyze", str(inputs), "--db", f"sqlite:///{db}", *extra]


def plain_command(folder: Path, batch_size: int | None = None) -> list[str]:
    return [sys.executable, "-c", PLAIN, str(folder), *([str(batch_size)] if batch_size else [])]


def summary(runs: list[dict[str, object]]) -> dict[str, object]:
    seconds = [float(r["seconds"]) for r in runs]  # type: ignore[arg-type]
    cpu = [float(r["cpu_seconds"]) for r in runs]  # type: ignore[arg-type]
    return {
        "median_seconds": round(statistics.median(seconds), 3),
        "best_seconds": round(min(seconds), 3),
        "median_cpu_seconds": round(statistics.median(cpu), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers-rounds", type=int, default=2, help="0 leaves the --workers runs out")
    parser.add_argument("--workers-count", type=int, default=200)
    parser.add_argument(
        "--parts", type=lambda v: v.split(","), default=["all", "short", "workers"], help="all,short,workers"
    )
    parser.add_argument(
        "--batched-plain", action="store_true", help="also time plain spaCy with nlp.pipe(batch_size=16)"
    )
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "cli_speed.json")
    args = parser.parse_args(argv)
    if not GROUND_TRUTH.exists():
        print(f"no {GROUND_TRUTH}: nothing to measure")
        return 1
    result: dict[str, object] = {"cpu_count": os.cpu_count(), "load_average_before": os.getloadavg()}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        every, short, sizes = write_texts(work)
        result.update(sizes)
        # Warm-up: builds the gazetteer's cached index if it is not there yet (first use).
        timed(analyze_command(short, work / "warm-up.db"))
        for label, folder in (("all", every), ("short", short)):
            if label not in args.parts:
                continue
            configs = {
                "rashomon": analyze_command(folder, work / f"{label}.db"),
                "plain_spacy": plain_command(folder),
            }
            if label == "all" and args.batched_plain:
                # For reference: spaCy's default batch is 1,000 texts (all of them here, 2.6 GB).
                configs["plain_spacy_batch_16"] = plain_command(folder, 16)
            runs = _alternate(configs, args.rounds, work, label)
            rashomon, plain = summary(runs["rashomon"]), summary(runs["plain_spacy"])
            result[label] = {
                "runs": runs,
                **{name: summary(found) for name, found in runs.items()},
                # > 1: the command is faster than plain spaCy alone; medians, then best rounds, then
                # the medians of CPU seconds (less sensitive to other jobs on the machine).
                "speedup_over_plain": round(plain["median_seconds"] / rashomon["median_seconds"], 3),  # type: ignore[operator]
                "speedup_over_plain_best": round(plain["best_seconds"] / rashomon["best_seconds"], 3),  # type: ignore[operator]
                "speedup_over_plain_cpu": round(
                    plain["median_cpu_seconds"] / rashomon["median_cpu_seconds"], 3
                ),  # type: ignore[operator]
                "ratio_to_plain": round(rashomon["median_seconds"] / plain["median_seconds"], 3),  # type: ignore[operator]
                "ratio_to_plain_cpu": round(rashomon["median_cpu_seconds"] / plain["median_cpu_seconds"], 3),  # type: ignore[operator]
            }
            if "plain_spacy_batch_16" in runs:
                batched = summary(runs["plain_spacy_batch_16"])
                result[label]["speedup_over_plain_batch_16"] = round(  # type: ignore[index]
                    batched["median_seconds"] / rashomon["median_seconds"],  # type: ignore[operator]
                    3,
                )
        if args.workers_rounds and "workers" in args.parts:
            batch = work / "corpus.jsonl"
            result["workers_documents"] = write_workers_batch(batch, args.workers_count)
            configs = {
                "workers_1": analyze_command(batch, work / "w1.db", "--workers", "1"),
                "workers_2": analyze_command(batch, work / "w2.db", "--workers", "2"),
                "single_process": analyze_command(batch, work / "w0.db"),
            }
            runs = _alternate(configs, args.workers_rounds, work, "workers")
            one, two = summary(runs["workers_1"]), summary(runs["workers_2"])
            single = summary(runs["single_process"])
            peak = max(
                (mb for r in runs["workers_1"] + runs["workers_2"] for mb in r["worker_peak_rss_mb"]),
                default=0,
            )  # type: ignore[attr-defined]
            result["workers"] = {
                "runs": runs,
                "workers_1": one,
                "workers_2": two,
                "single_process": single,
                "speedup_2_over_1": round(one["median_seconds"] / two["median_seconds"], 3),  # type: ignore[operator]
                "speedup_2_over_1_best": round(one["best_seconds"] / two["best_seconds"], 3),  # type: ignore[operator]
                "speedup_2_over_single_process": round(single["median_seconds"] / two["median_seconds"], 3),  # type: ignore[operator]
                "max_worker_peak_rss_mb": peak,
            }
    result["load_average_after"] = os.getloadavg()
    result["aims"] = {
        "whole_over_plain": AIM_WHOLE,
        "short_ratio_to_plain_at_most": AIM_SHORT,
        "workers_2_over_1": AIM_WORKERS,
        "worker_mb_at_most": AIM_WORKER_MB,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    brief = {k: v for k, v in result.items() if k not in ("all", "short", "workers")}
    for label in ("all", "short", "workers"):
        if isinstance(result.get(label), dict):
            brief[label] = {k: v for k, v in result[label].items() if k != "runs"}  # type: ignore[union-attr]
    print(json.dumps(brief, indent=2))
    return 0


def _alternate(
    configs: dict[str, list[str]], rounds: int, work: Path, label: str
) -> dict[str, list[dict[str, object]]]:
    """Each command once per round, in turn; each analyze run gets a fresh store."""
    runs: dict[str, list[dict[str, object]]] = {name: [] for name in configs}
    for round_no in range(rounds):
        for name, command in configs.items():
            command = [
                part.replace(".db", f"-{round_no}.db") if part.startswith("sqlite:///") else part
                for part in command
            ]
            result = timed(command)
            runs[name].append(result)
            print(f"{label} round {round_no + 1} {name}: {result}", file=sys.stderr, flush=True)
    return runs


if __name__ == "__main__":
    raise SystemExit(main())
