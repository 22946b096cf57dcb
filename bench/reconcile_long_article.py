"""How the reconcile stage scales with one long, speech-heavy article.

    python bench/reconcile_long_article.py [--sizes 100000 300000 1100000] [--label after]
        [--out bench/results/reconcile_long_article.json] [--keep DIR]

For each size an invented article (`long_article`: varied news paragraphs with reported speech,
quotations, accusations, denials, deals and strikes, made up here from templates) is written to a
temporary .txt file and analysed into a fresh SQLite store with the real CLI (`rashomon analyze`,
in a subprocess): "command_s" is that whole command's wall time, as a user sees it. The CLI prints no
per-stage times, so the reconcile stage is then timed on its own: `reconcile(store)` run in this
process on the store the command left ("reconcile_s"; it rebuilds agreements, incidents, framing
and contradictions as the command's own stage did, the article already placed in its story).
"exponent" is the slope of log(seconds) over log(characters) between consecutive sizes.

Results are merged into the JSON file under `--label` (e.g. "before", "after"), so one file holds
both sides of a change. `--keep DIR` leaves each store and its input in DIR for profiling.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rashomon.reconcile.run import reconcile
from rashomon.store.db import open_store

RESULTS = Path(__file__).resolve().parent / "results" / "reconcile_long_article.json"

# Invented material: the names are public actors the knowledge base links; every sentence is made up.
_SPEAKERS = [
    ("Turkish President Recep Tayyip Erdogan", "Erdogan"),
    ("Russian Foreign Minister Sergei Lavrov", "Lavrov"),
    ("Syrian President Bashar al-Assad", "Assad"),
    ("UN Secretary-General Antonio Guterres", "Guterres"),
    ("US Secretary of State Antony Blinken", "Blinken"),
    ("Iranian Foreign Minister Hossein Amir-Abdollahian", "Amir-Abdollahian"),
    ("Ukrainian President Volodymyr Zelensky", "Zelensky"),
    ("Kremlin spokesman Dmitry Peskov", "Peskov"),
]
_BODIES = [
    "the Syrian army", "the Turkish Defence Ministry", "the Russian military", "the Kurdish-led SDF",
    "the so-called moderate opposition", "Hayat Tahrir al-Sham", "the Houthis", "the Pentagon",
    "the Syrian regime", "Turkish-backed rebels", "the White Helmets", "the Ukrainian army",
]  # fmt: skip
_PLACES = ["Idlib", "Aleppo", "Afrin", "Manbij", "Kharkiv", "Kupiansk", "Hodeidah", "Deir ez-Zor", "Raqqa"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "March", "May", "July", "September", "November"]
_ACTS = [
    "shelled residential areas", "launched drone attacks on civilian targets", "violated the ceasefire",
    "blocked humanitarian convoys", "carried out airstrikes on a crowded market", "used banned weapons",
    "supported terrorists", "occupied villages near the border",
]  # fmt: skip
_CLAIMS = [
    "there is no possibility of a ceasefire at the present time",
    "the attacks only increased after the deal was signed",
    "our forces will respond to every provocation",
    "the talks in Astana and Sochi remain the only way forward",
    "civilians are paying the price for political rivalries",
    "the terrorists are using the de-escalation zone as a launch pad",
    "we have never targeted civilians and never will",
    "the international community must act before it is too late",
]  # fmt: skip


def _paragraph(rng: random.Random, n: int) -> str:
    full, short = rng.choice(_SPEAKERS)
    body, other = rng.sample(_BODIES, 2)
    place, day = rng.choice(_PLACES), rng.choice(_DAYS)
    claim, act = rng.choice(_CLAIMS), rng.choice(_ACTS)
    killed, wounded = rng.randint(2, 60), rng.randint(3, 90)
    kind = n % 8
    if kind == 0:
        return (
            f"{full} said on {day} that {claim}, adding that {other} had {act} in {place}. "
            f"“{claim[0].upper()}{claim[1:]},” {short} told reporters in the capital."
        )
    if kind == 1:
        return (
            f"{body[0].upper()}{body[1:]} accused {other} of having {act} near {place} on {day}, "
            f"killing {killed} civilians and wounding {wounded}, local officials said."
        )
    if kind == 2:
        return (
            f"{other[0].upper()}{other[1:]} denied the accusations, saying in a statement that "
            f"“{claim}” and that the reports from {place} were “fabricated”."
        )
    if kind == 3:
        return (
            f"An airstrike hit a market in {place} on {day}, killing at least {killed} people, "
            f"according to {body}. {short} condemned the attack and said {other} was responsible."
        )
    if kind == 4:
        month, year = rng.choice(_MONTHS), rng.choice([2018, 2019, 2020, 2022, 2023])
        return (
            f"Under a deal brokered by Russia and Turkey in {month} {year}, known as the Sochi agreement, "
            f"{body} and {other} agreed to a ceasefire in {place}. {short} said {other} had broken the deal."
        )
    if kind == 5:
        return (
            f"“We will not accept the presence of {other} in {place},” {full} said, "
            f"calling them “terrorists” and warning that {claim}."
        )
    if kind == 6:
        return (
            f"According to {body}, more than {killed} fighters were killed in clashes with {other} "
            f"around {place} since {day}. {short} claimed that {other} had {act}."
        )
    return (
        f"{short} rejected the claims made by {body}, saying that {claim}. "
        f"Officials in {place} said {wounded} people had been wounded in the fighting on {day}."
    )


def long_article(chars: int, seed: int = 7) -> str:
    """An invented speech-heavy news article of about `chars` characters."""
    rng = random.Random(seed)
    parts = ["Fighting and talks: a long day of claims and denials", ""]
    size, n = 0, 0
    while size < chars:
        para = _paragraph(rng, n)
        parts.append(para)
        size += len(para) + 2
        n += 1
    return "\n\n".join(parts) + "\n"


def bench_size(chars: int, work: Path) -> dict[str, float | int]:
    text = long_article(chars)
    source = work / f"long_{chars}.txt"
    source.write_text(text, encoding="utf-8")
    db = work / f"long_{chars}.db"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rashomon", "analyze", str(source), "--db", str(db)],
        check=True,
        capture_output=True,
    )
    command_s = time.perf_counter() - started
    with open_store(str(db), create=False) as store:
        started = time.perf_counter()
        reconcile(store)
        reconcile_s = time.perf_counter() - started
    return {
        "chars": len(text),
        "command_s": round(command_s, 2),
        "reconcile_s": round(reconcile_s, 2),
    }


def exponents(rows: list[dict[str, float | int]], key: str) -> list[float]:
    out = []
    for a, b in itertools.pairwise(rows):
        growth = math.log(float(b[key]) / float(a[key])) / math.log(float(b["chars"]) / float(a["chars"]))
        out.append(round(growth, 2))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_100_000])
    parser.add_argument("--label", default="after")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="rashomon-long-"))
    try:
        rows = []
        for chars in sorted(args.sizes):
            row = bench_size(chars, work)
            print(json.dumps(row), flush=True)
            rows.append(row)
        if args.keep is not None:
            args.keep.mkdir(parents=True, exist_ok=True)
            for path in work.iterdir():
                shutil.copy2(path, args.keep / path.name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = {
        "runs": rows,
        "exponent_command": exponents(rows, "command_s"),
        "exponent_reconcile": exponents(rows, "reconcile_s"),
    }
    print(json.dumps(result, indent=2))
    stored = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    stored[args.label] = result
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(stored, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
