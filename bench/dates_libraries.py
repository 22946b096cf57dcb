"""Date formats: rashomon's own readers against the libraries that do the same jobs.

    python bench/dates_libraries.py [--bench-dir ../shared/bench/dates/htmldate-eval]
                                    [--out bench/results/dates_libraries.json] [--limit N]

Two jobs, each scored right / wrong / none against gold (a confident wrong date is worse than none):
- pages: a page's publication day from its HTML, on the htmldate-eval pages (800 news, blog and
  institution pages with a gold day; read from the shared benchmark folder, never copied here).
  rashomon's clean stage (htmldate inside trafilatura, markup and URL only, then the page's text:
  date stamps, datelines, weekday consistency) against htmldate.find_date on its own, with its
  default free-text scan and with the project's settings.
- strings: a date written in a line of text, on the strings the tests use (datelines, captions, date
  stamps, metadata values) plus the header lines the shared bench's README lists. rashomon's
  find_dates (written dates) and from_metadata (ISO values) against dateparser (search_dates for
  lines, DateDataParser for values). A year-less "Feb. 3" has no year in its gold: a reader that
  supplies one has guessed, and the guess counts as wrong.
Time is per page or per string, on this machine, one process.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BENCH_DIR = REPO.parent / "shared" / "bench" / "dates" / "htmldate-eval"
DEFAULT_OUT = REPO / "bench" / "results" / "dates_libraries.json"

if str(REPO / "src") not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(REPO / "src"))

import dateparser  # noqa: E402
import htmldate  # noqa: E402
from dateparser.search import search_dates  # noqa: E402

from rashomon.clean.article import clean_document  # noqa: E402
from rashomon.clean.dates import find_dates, from_metadata  # noqa: E402
from rashomon.errors import InputError  # noqa: E402
from rashomon.ingest.decoding import decode_bytes  # noqa: E402
from rashomon.types import RawDocument  # noqa: E402

# A fixed "today", after every gold date, so that relative readings and future checks do not drift.
TODAY = datetime.date(2026, 11, 23)
_DATEPARSER_SETTINGS: dict[str, Any] = {
    "RELATIVE_BASE": datetime.datetime(2026, 11, 23),
    "RETURN_AS_TIMEZONE_AWARE": False,
}

# (text, gold): gold is "YYYY-MM-DD", "YYYY-MM" (a month), "--MM-DD" (a month-day, no year) or None.
# Written dates in lines, as the tests give them (tests/test_dates.py, test_clean_text.py).
TEST_LINES: tuple[tuple[str, str | None], ...] = (
    ("KYIV, March 2, 2022 (AP) — Officials said the bridge was closed.", "2022-03-02"),
    ("Gaza City, 12 October 2023 - Residents queued for water.", "2023-10-12"),
    ("DAMASCUS, Syria, Sept. 5, 2019 (AP) — The ministry said talks resumed.", "2019-09-05"),
    ("KHARTOUM, 3rd of June 2021 / A statement was read.", "2021-06-03"),
    ("LONDON, March 2022 - Ministers met for a second round.", "2022-03"),
    ("HAVANA, Feb. 3. /AGENCY/. The envoy spoke.", "--02-03"),
    ("MOSCOW, Feb 3 (Reuters) - The foreign ministry said on Monday that talks begun in 2016 stalled.",
     "--02-03"),
    ("A convoy near the town, Wednesday, Feb. 12, 2020", "2020-02-12"),
    ("Troops on Sunday, Feb. 2, 2020", "2020-02-02"),
    ("Soldiers at a checkpoint, March 1, 2019 (Photo by Agency)", "2019-03-01"),
    ("© Agency Photo / Jane DoeSoldiers stand guard at a checkpoint, March 3, 2021", "2021-03-03"),
    ("Soldiers patrol the border crossing, Monday, March 2, 2021 - Daily Gazette", "2021-03-02"),
    ("Published: March 3, 2021 10:45 GMT", "2021-03-03"),
    ("BEIRUT (AFP) -- Officials said on Monday that the border was shut.", None),
    ("Meanwhile, talks went on.", None),
    ("Officials said yesterday that last week's raid killed four.", None),
    ("The minister said Wednesday that aid was blocked.", None),
    ("In this photo taken on Monday, soldiers patrol the border crossing near the town", None),
)  # fmt: skip
# Header lines of real pages that the shared bench's README lists (scraped text, no HTML).
README_LINES: tuple[tuple[str, str | None], ...] = (
    ("Published 13.06.2019 11:21", "2019-06-13"),
    ("26.10.20 11:25", "2020-10-26"),
    ("Thu 13th June 2019 | 02:55 PM", "2019-06-13"),
    ("Posted Jun 13, 2019 4:29 am EDT", "2019-06-13"),
)
# Metadata values (JSONL "date" fields, HTML metadata as trafilatura returns it), from the tests.
TEST_VALUES: tuple[tuple[str, str | None], ...] = (
    ("2020-02-14", "2020-02-14"),
    ("2020-02-14T10:31:00+03:00", "2020-02-14"),
    ("2020-02-15T08:00:00+13:00", "2020-02-15"),
    ("2024-05-02", "2024-05-02"),
    ("2020-02", "2020-02"),
    ("2020", "2020"),
    ("2020-13-01", None),
    ("not a date", None),
)


@dataclass
class Tally:
    """Right, wrong and none counts of one reader on one job, with its time per item."""

    right: int = 0
    wrong: int = 0
    none: int = 0
    seconds: float = 0.0

    def add(self, found: str | None, gold: str | None) -> str:
        if found == gold:  # a date where there is one, or none where the text gives none
            self.right += 1
            return "right"
        if found is None:
            self.none += 1
            return "none"
        self.wrong += 1
        return "wrong"

    def summary(self, items: int) -> dict[str, Any]:
        return {
            "right": self.right,
            "wrong": self.wrong,
            "none": self.none,
            "accuracy": round(self.right / items, 4) if items else None,
            "ms_per_item": round(1000 * self.seconds / items, 3) if items else None,
        }


# --- strings ----------------------------------------------------------------------------------------


def ours_line(text: str) -> str | None:
    """The first written date rashomon reads in a line, at the precision written."""
    mentions = find_dates(text)
    if not mentions:
        return None
    first = mentions[0]
    if first.year is None:
        return f"--{first.month:02d}-{first.day:02d}"
    if first.day is None:
        return f"{first.year:04d}-{first.month:02d}"
    return f"{first.year:04d}-{first.month:02d}-{first.day:02d}"


def dateparser_line(text: str) -> str | None:
    """The first date dateparser's search finds in a line (English), as a day."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
    return found[0][1].date().isoformat() if found else None


def ours_value(value: str) -> str | None:
    published = from_metadata(value, TODAY)
    return published.date if published else None


_VALUE_PARSER = dateparser.date.DateDataParser(languages=["en"], settings=_DATEPARSER_SETTINGS)
_PERIOD_LENGTH = {"year": 4, "month": 7}


def dateparser_value(value: str) -> str | None:
    """dateparser's reading of a metadata value, at the precision (period) it reports."""
    data = _VALUE_PARSER.get_date_data(value)
    if data.date_obj is None:
        return None
    return data.date_obj.date().isoformat()[: _PERIOD_LENGTH.get(data.period or "day", 10)]


def score_strings(
    cases: tuple[tuple[str, str | None], ...], readers: dict[str, Callable[[str], str | None]]
) -> dict[str, Any]:
    tallies = {name: Tally() for name in readers}
    rows = []
    for text, gold in cases:
        row: dict[str, Any] = {"text": text, "gold": gold}
        for name, read in readers.items():
            started = time.perf_counter()
            found = read(text)
            tallies[name].seconds += time.perf_counter() - started
            row[name] = found
            tallies[name].add(found, gold)
        rows.append(row)
    return {
        "items": len(cases),
        "readers": {name: tally.summary(len(cases)) for name, tally in tallies.items()},
        "cases": rows,
    }


# --- pages ------------------------------------------------------------------------------------------


def ours_page(html: str, url: str, location: str, encoding: str) -> str | None:
    """rashomon's publication day for an HTML page (None: no day, or no usable text)."""
    raw = RawDocument(source_path=location, kind="html", content=html, encoding=encoding, url=url)
    try:
        published = clean_document(raw).published
    except InputError:
        return None
    return published.date if published.precision == "day" else None


def htmldate_page(html: str, url: str, *, extensive: bool) -> str | None:
    try:
        return htmldate.find_date(html, url=url, original_date=True, extensive_search=extensive)
    except ValueError:
        return None


def score_pages(bench_dir: Path, limit: int | None) -> dict[str, Any]:
    gold: dict[str, dict[str, str]] = json.loads((bench_dir / "gold.json").read_text(encoding="utf-8"))
    pages = sorted(gold.items())[:limit]
    readers: dict[str, Callable[[str, str, str, str], str | None]] = {
        "rashomon clean stage": ours_page,
        "htmldate (default, extensive search)": lambda h, u, *_: htmldate_page(h, u, extensive=True),
        "htmldate (project settings, no free-text scan)": lambda h, u, *_: htmldate_page(
            h, u, extensive=False
        ),
    }
    tallies = {name: Tally() for name in readers}
    disagreements: list[dict[str, Any]] = []
    outcomes: Counter[str] = Counter()  # the readers' outcomes on one page, in `readers` order
    for url, entry in pages:
        data = gzip.decompress((bench_dir / entry["file"]).read_bytes())
        try:
            html, encoding = decode_bytes(data, entry["file"])
        except InputError:
            html, encoding = data.decode("utf-8", errors="replace"), "utf-8"
        row: dict[str, Any] = {"url": url, "gold": entry["date"]}
        for name, read in readers.items():
            started = time.perf_counter()
            found = read(html, url, entry["file"], encoding)
            tallies[name].seconds += time.perf_counter() - started
            row[name] = tallies[name].add(found, entry["date"]) + (f" {found}" if found else "")
        outcome = [row[name].split()[0] for name in readers]
        outcomes[" / ".join(outcome)] += 1
        if len(set(outcome)) > 1 or row[next(iter(readers))] != row[list(readers)[-1]]:
            disagreements.append(row)
    return {
        "items": len(pages),
        "readers": {name: tally.summary(len(pages)) for name, tally in tallies.items()},
        "outcomes (" + " / ".join(readers) + ")": dict(outcomes.most_common()),
        "disagreements": len(disagreements),
        "disagreements_shown": disagreements[:60],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    args = parser.parse_args(argv)

    line_readers = {"rashomon find_dates": ours_line, "dateparser search_dates": dateparser_line}
    value_readers = {"rashomon from_metadata": ours_value, "dateparser DateDataParser": dateparser_value}
    result = {
        "strings": {
            "test lines": score_strings(TEST_LINES, line_readers),
            "README header lines": score_strings(README_LINES, line_readers),
            "test metadata values": score_strings(TEST_VALUES, value_readers),
        },
        "pages": score_pages(args.bench_dir, args.limit),
        "versions": {"htmldate": htmldate.__version__, "dateparser": dateparser.__version__},
        "notes": [
            "accuracy = right / items; a none where the gold is none is right",
            "pages: the clean stage's time is the whole stage (main text, title, outlet, date, "
            "language), not its dating alone; its HTML dating is htmldate with the project settings",
            "strings: dateparser is given a fixed RELATIVE_BASE, so its readings of weekdays and "
            "relative words are days near 2026-11-23",
        ],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for job, parts in (("strings", result["strings"]), ("pages", {"htmldate-eval": result["pages"]})):
        for part, scored in parts.items():
            print(f"{job} / {part} ({scored['items']}):")
            for name, summary in scored["readers"].items():
                print(f"  {name:48} {summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
