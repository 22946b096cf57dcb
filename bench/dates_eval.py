"""Publication dates of the clean stage against htmldate, on HTML pages and on scraped text.

    python bench/dates_eval.py [--html-dir ../shared/bench/dates/htmldate-eval]
                               [--realnews-clusters bench/realnews/clusters]
                               [--realnews-texts ../realnews] [--limit N] [--skip-html]
                               [--out bench/results/dates.json]

Two sets, each read from outside the repository (never copied here):
- html: the htmldate-eval pages (news, blogs and institution pages, one gold day each). The whole
  clean stage (`clean_document` on the page with its URL) against htmldate.find_date with its
  default settings (free-text scan on) and with the settings the project uses (markup and URL only).
- text: real news pages stored as scraped text with their URL (search answers turned into
  documents as `collect` gives them). Gold is a day, a list of acceptable days (time zones) or a
  window. htmldate sees only the URL here, as it cannot read plain text.

Scoring, per page: `right` is a day among the gold days; `coarse` is a month, a year or a window
(`not_before` / `not_after`) that holds a gold day and is no wider than a month, so it narrows the
date without claiming a day; `wrong` is a day outside the gold, or a coarser answer that misses it;
`undated` is no date at all, or a window holding the gold but wider than a month. A confident
wrong day is the worst outcome.
"""

from __future__ import annotations

import argparse
import calendar
import datetime
import gzip
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_HTML_DIR = REPO.parent / "shared" / "bench" / "dates" / "htmldate-eval"
DEFAULT_CLUSTERS = REPO / "bench" / "realnews" / "clusters"
DEFAULT_TEXTS = REPO.parent / "realnews"
DEFAULT_OUT = REPO / "bench" / "results" / "dates.json"

if str(REPO / "src") not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(REPO / "src"))

import htmldate  # noqa: E402

from rashomon.clean.article import clean_document  # noqa: E402
from rashomon.clean.html import _DATE_PARAMS  # noqa: E402
from rashomon.errors import InputError  # noqa: E402
from rashomon.ingest.decoding import decode_bytes  # noqa: E402
from rashomon.types import PublishedDate, RawDocument  # noqa: E402

OUTCOMES = ("right", "coarse", "wrong", "undated")
_WIDEST_COARSE_DAYS = 31


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def summary(self, items: int) -> dict[str, Any]:
        row: dict[str, Any] = {name: self.counts[name] for name in OUTCOMES}
        row["ms_per_page"] = round(1000 * self.seconds / items, 1) if items else None
        return row


def _day(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value[:10])


def answer_span(published: PublishedDate) -> tuple[datetime.date, datetime.date] | None:
    """The days an answer allows, first and last; None when it gives no date."""
    if published.date is None and not (published.not_before and getattr(published, "not_after", None)):
        return None
    if published.precision == "day" and published.date:
        day = _day(published.date)
        return day, day
    if published.date and published.precision in ("month", "year"):
        year = int(published.date[:4])
        month = int(published.date[5:7]) if published.precision == "month" else None
        first = datetime.date(year, month or 1, 1)
        last_month = month or 12
        last = datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
    else:
        first, last = datetime.date.min, datetime.date.max
    if published.not_before:
        first = max(first, _day(published.not_before))
    if getattr(published, "not_after", None):
        last = min(last, _day(published.not_after))
    if first == datetime.date.min or last == datetime.date.max:
        return None  # a bound on one side only dates nothing
    return first, last


def score(published: PublishedDate | None, gold: set[datetime.date]) -> str:
    span = answer_span(published) if published is not None else None
    if span is None:
        return "undated"
    first, last = span
    if first == last:
        return "right" if first in gold else "wrong"
    if not any(first <= day <= last for day in gold):
        return "wrong"
    return "coarse" if (last - first).days < _WIDEST_COARSE_DAYS else "undated"


def score_day(found: str | None, gold: set[datetime.date]) -> str:
    if not found:
        return "undated"
    return "right" if _day(found) in gold else "wrong"


def ours(raw: RawDocument) -> PublishedDate | None:
    try:
        return clean_document(raw).published
    except InputError:
        return None


def _label(published: PublishedDate | None) -> str:
    if published is None:
        return "no text"
    span = f" [{published.not_before}..{getattr(published, 'not_after', None)}]"
    return f"{published.date} {published.precision}{span if published.not_before else ''} ({published.basis})"


def htmldate_page(html: str, url: str | None, settings: dict[str, Any]) -> str | None:
    try:
        return htmldate.find_date(html, url=url, **settings)
    except ValueError:
        return None


HTMLDATE_DEFAULT: dict[str, Any] = {"original_date": True, "extensive_search": True}


def run_set(
    pages: list[tuple[RawDocument, set[datetime.date]]],
    others: dict[str, Callable[[RawDocument], str | None]],
) -> dict[str, Any]:
    """Our clean stage and the other readers on each page; counts and the pages we got wrong."""
    names = ["rashomon clean stage", *others]
    tallies = {name: Tally() for name in names}
    ours_wrong: list[dict[str, Any]] = []
    ours_missed: list[dict[str, Any]] = []
    for raw, gold in pages:
        started = time.perf_counter()
        published = ours(raw)
        tallies[names[0]].seconds += time.perf_counter() - started
        outcome = score(published, gold)
        tallies[names[0]].counts[outcome] += 1
        row: dict[str, Any] = {
            "url": raw.url,
            "gold": sorted(d.isoformat() for d in gold)[:3],
            "ours": f"{outcome}: {_label(published)}",
        }
        for name, read in others.items():
            started = time.perf_counter()
            found = read(raw)
            tallies[name].seconds += time.perf_counter() - started
            other_outcome = score_day(found, gold)
            tallies[name].counts[other_outcome] += 1
            row[name] = f"{other_outcome}: {found}"
        if outcome == "wrong":
            ours_wrong.append(row)
        elif outcome in ("undated", "coarse"):
            ours_missed.append(row)
    return {
        "pages": len(pages),
        "readers": {name: tally.summary(len(pages)) for name, tally in tallies.items()},
        "ours_wrong": ours_wrong,
        "ours_coarse_or_undated": ours_missed,
    }


# --- the two sets -----------------------------------------------------------------------------------


def html_pages(html_dir: Path, limit: int | None) -> list[tuple[RawDocument, set[datetime.date]]]:
    gold: dict[str, dict[str, str]] = json.loads((html_dir / "gold.json").read_text(encoding="utf-8"))
    pages = []
    for url, entry in sorted(gold.items())[:limit]:
        data = gzip.decompress((html_dir / entry["file"]).read_bytes())
        try:
            html, encoding = decode_bytes(data, entry["file"])
        except InputError:
            html, encoding = data.decode("utf-8", errors="replace"), "utf-8"
        raw = RawDocument(source_path=entry["file"], kind="html", content=html, encoding=encoding, url=url)
        pages.append((raw, {_day(entry["date"])}))
    return pages


def gold_days(published: dict[str, Any]) -> set[datetime.date]:
    """The acceptable days of a realnews gold entry: a day, a list of days or a window."""
    if "day" in published:
        return {_day(published["day"])}
    if "days" in published:
        return {_day(d) for d in published["days"]}
    if "not_before" in published and "not_after" in published:
        first, last = _day(published["not_before"]), _day(published["not_after"])
        return {first + datetime.timedelta(n) for n in range((last - first).days + 1)}
    return set()


def in_split(cluster: dict[str, Any], split: str) -> bool:
    """Clusters are dev unless marked `"split": "heldout"`; held-out ones are measured, never tuned on."""
    return split == "all" or cluster.get("split", "dev") == split


def text_pages(
    clusters: Path, texts: Path, split: str = "dev"
) -> list[tuple[RawDocument, set[datetime.date]]]:
    pages = []
    for cluster_file in sorted(clusters.glob("*.json")):
        cluster = json.loads(cluster_file.read_text(encoding="utf-8"))
        if not in_split(cluster, split):
            continue
        excerpts: dict[str, str] = {}
        for answer in sorted((texts / cluster["id"]).glob("*.json")):
            for result in json.loads(answer.read_text(encoding="utf-8")).get("results", []):
                text = result.get("excerpt") or result.get("text")
                if result.get("url") and text:
                    excerpts.setdefault(result["url"], text)
        for page in cluster.get("pages", []):
            gold = gold_days(page.get("published") or {})
            text = excerpts.get(page["url"])
            if gold and text:
                raw = RawDocument(
                    source_path=f"{cluster['id']}.jsonl",
                    kind="text",
                    content=text,
                    encoding="utf-8",
                    url=page["url"],
                )
                pages.append((raw, gold))
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html-dir", type=Path, default=DEFAULT_HTML_DIR)
    parser.add_argument("--realnews-clusters", type=Path, default=DEFAULT_CLUSTERS)
    parser.add_argument("--realnews-texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--limit", type=int, default=None, help="only the first N HTML pages")
    parser.add_argument("--skip-html", action="store_true")
    parser.add_argument(
        "--split",
        choices=("dev", "heldout", "all"),
        default="dev",
        help="which realnews clusters (default dev)",
    )
    args = parser.parse_args(argv)

    result: dict[str, Any] = {"versions": {"htmldate": htmldate.__version__}}
    text_set = text_pages(args.realnews_clusters, args.realnews_texts, args.split)
    result["text_split"] = args.split
    url_only = {"htmldate (URL only)": lambda raw: htmldate_page("<html></html>", raw.url, HTMLDATE_DEFAULT)}
    result["text"] = run_set(text_set, url_only)
    if not args.skip_html:
        html_set = html_pages(args.html_dir, args.limit)
        result["html"] = run_set(
            html_set,
            {
                "htmldate (default)": lambda raw: htmldate_page(raw.content, raw.url, HTMLDATE_DEFAULT),
                "htmldate (project settings)": lambda raw: htmldate_page(raw.content, raw.url, _DATE_PARAMS),
            },
        )
    result["notes"] = [
        "right: a day among the gold days; coarse: a month or window (at most a month) holding a gold "
        "day; wrong: a day outside the gold, or a coarser answer missing it; undated: no date, or a "
        "wider window holding the gold",
        "text set: scraped text with its URL; htmldate sees the URL only",
        "ms_per_page of the clean stage is the whole stage (text, outlet, language, date)",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for name in ("text", "html"):
        if name in result:
            print(f"{name} ({result[name]['pages']} pages):")
            for reader, summary in result[name]["readers"].items():
                print(f"  {reader:32} {summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
