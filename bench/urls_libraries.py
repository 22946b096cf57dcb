"""URL canonical forms: rashomon's canonical_url against courlan's normalize_url.

    python bench/urls_libraries.py [--out bench/results/urls_libraries.json]

canonical_url gives the key under which the collector counts a page as done, so two URLs with one
key are fetched once. The question is whether courlan's normalize_url could serve as that key.

URLs: every http(s) URL written in a file under tests/ and under the shared benchmark folder
(../shared/bench from the repository root, skipped when absent; .gz files are read decompressed),
keeping those check_fetchable accepts. courlan's form gets the project's own rules on top (no
fragment, "/" for an empty path) so that only the differences that matter for a key are counted.
courlan also decodes HTML entities in its input ("&amp;" to "&"); the URLs here come from raw HTML
and JSON, so that is counted as a cause of its own, and the other causes are read against our key
for the decoded URL.

Measured:
- how many URLs get a different key, and why (host, path and query differences, with examples);
- merges: courlan keys that cover several distinct rashomon keys, grouped by cause (HTML entities
  decoded, a parameter without a value dropped, a parameter courlan takes for a tracker dropped,
  the path rewritten);
  a merge joins URLs that may be different pages, which a key must not do;
- time per URL for each, best of a few passes, on this machine, one process.
The result holds URLs only, never page text.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import platform
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "bench" / "results" / "urls_libraries.json"
URL_ROOTS = (REPO / "tests", REPO.parent / "shared" / "bench")

if str(REPO / "src") not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(REPO / "src"))

import courlan  # noqa: E402
from courlan import normalize_url  # noqa: E402

from rashomon.collect.urls import RefusedURL, canonical_url, check_fetchable  # noqa: E402

# An http(s) URL in running text, JSON, HTML or Python source: stops at quotes, brackets and spaces.
_URL_IN_TEXT = re.compile(r"https?://[^\s\"'<>)\]\\{}|^`]+")
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
EXAMPLES_PER_CAUSE = 5
EXAMPLE_MAX_CHARS = 200
TIMING_PASSES = 3
ENTITIES_DECODED = "input: HTML entities decoded ('&amp;' read as '&')"


def find_urls(roots: Iterable[Path]) -> tuple[list[str], dict[str, int]]:
    """The distinct fetchable URLs written in files under `roots`, sorted, and how many distinct URLs
    (fetchable or not) each root holds; a root that is absent is skipped."""
    found: set[str] = set()
    per_root: dict[str, int] = {}
    for root in roots:
        if not root.is_dir():
            continue
        in_root: set[str] = set()
        for path in sorted(root.rglob("*")):
            if path.is_file():
                in_root.update(_urls_in_file(path))
        per_root[_shown_path(root)] = len(in_root)
        found |= in_root
    fetchable = []
    for url in sorted(found):
        try:
            check_fetchable(url)
        except RefusedURL:
            continue
        fetchable.append(url)
    return fetchable, per_root


def _urls_in_file(path: Path) -> set[str]:
    if path.suffix == ".gz":
        with gzip.open(path) as stream:
            raw = stream.read()
    else:
        raw = path.read_bytes()
    text = raw.decode("utf-8", "replace")
    # Sentence punctuation right after a URL in prose belongs to the sentence.
    return {url.rstrip(".,;:") for url in _URL_IN_TEXT.findall(text)}


def _shown_path(path: Path) -> str:
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(Path("..") / path.relative_to(REPO.parent))


def courlan_key(url: str) -> str | None:
    """courlan's normal form with the project's rules on top; None where courlan raises."""
    try:
        parts = urlsplit(normalize_url(url))
    except (ValueError, UnicodeError):
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def canonical_after_unescape(url: str) -> str:
    """Our key for `url` with its HTML entities decoded, as courlan reads it; our plain key where
    the decoded URL is one urllib cannot split."""
    try:
        return canonical_url(html.unescape(url))
    except ValueError:
        return canonical_url(url)


def time_per_url(function: Callable[[str], object], urls: list[str]) -> float:
    """Microseconds per URL, the best of TIMING_PASSES passes over all of `urls`."""
    best = float("inf")
    for _ in range(TIMING_PASSES):
        start = time.perf_counter()
        for url in urls:
            function(url)
        best = min(best, time.perf_counter() - start)
    return best / len(urls) * 1e6


def _short(url: str) -> str:
    return url if len(url) <= EXAMPLE_MAX_CHARS else url[:EXAMPLE_MAX_CHARS] + "..."


def _params(query: str) -> list[tuple[str, str]]:
    return parse_qsl(query, keep_blank_values=True)


def _escapes(text: str) -> Counter[str]:
    return Counter(match.upper() for match in _PERCENT_ESCAPE.findall(text))


def difference_causes(ours: str, theirs: str) -> list[str]:
    """Why two keys for one URL differ, one cause per differing part."""
    mine, other = urlsplit(ours), urlsplit(theirs)
    causes = []
    if mine.netloc != other.netloc:
        if "@" in other.netloc and "@" not in mine.netloc:
            causes.append("host: user name or password kept")
        elif mine.netloc.startswith("xn--") or ".xn--" in mine.netloc:
            causes.append("host: punycode written as Unicode")
        else:
            causes.append("host: other")
    if mine.path != other.path:
        if unquote(mine.path) == unquote(other.path):
            causes.append("path: percent-encoding differs")
        elif re.sub("/{2,}", "/", mine.path) == other.path:
            causes.append("path: '//' collapsed")
        else:
            causes.append("path: other rewrite (dot segments, encoding)")
    if mine.query != other.query:
        my_params, other_params = _params(mine.query), _params(other.query)
        if sorted(my_params) == sorted(other_params):
            causes.append("query: same parameters, sorted")
        elif set(other_params) < set(my_params):
            causes.append("query: parameters dropped")
        elif set(my_params) < set(other_params):
            causes.append("query: tracking parameters kept that we drop (ocid, cmpid)")
        else:
            causes.append("query: other (encoding, repeated names)")
    return causes or ["other"]


def merge_cause(key: str, our_keys: set[str]) -> tuple[str, set[str]]:
    """Why courlan gives one `key` to several of our keys, and the parameter names it dropped."""
    parts = [urlsplit(ours) for ours in our_keys]
    if len({part.netloc for part in parts}) > 1:
        return "host rewritten", set()
    if len({part.path for part in parts}) > 1:
        return "path rewritten ('//' collapsed, dot segments, encoding)", set()
    kept = set(_params(urlsplit(key).query))
    dropped = [pair for part in parts for pair in _params(part.query) if pair not in kept]
    names = {name for name, _ in dropped}
    if not dropped:
        return "same parameters, other order", names
    if any(value == "" for _, value in dropped):
        return "a parameter without a value dropped", names
    return "a parameter courlan takes for a tracker dropped", names


def measure(urls: list[str]) -> dict[str, Any]:
    ours = {url: canonical_url(url) for url in urls}
    ours_decoded = {url: canonical_after_unescape(url) for url in urls}
    theirs = {url: courlan_key(url) for url in urls}
    errors = [url for url in urls if theirs[url] is None]

    differing = [url for url in urls if theirs[url] is not None and ours[url] != theirs[url]]
    cause_counts: Counter[str] = Counter()
    cause_examples: dict[str, list[dict[str, str]]] = defaultdict(list)
    escapes_added: Counter[str] = Counter()
    escapes_removed: Counter[str] = Counter()
    for url in differing:
        our_key, their_key = ours_decoded[url], theirs[url] or ""
        causes = [ENTITIES_DECODED] if html.unescape(url) != url else []
        if our_key != their_key:
            causes += difference_causes(our_key, their_key)
        for cause in causes:
            cause_counts[cause] += 1
            if len(cause_examples[cause]) < EXAMPLES_PER_CAUSE:
                cause_examples[cause].append(
                    {"url": _short(url), "rashomon": _short(ours[url]), "courlan": _short(their_key)}
                )
        our_path, their_path = urlsplit(our_key).path, urlsplit(their_key).path
        escapes_added.update(_escapes(their_path) - _escapes(our_path))
        escapes_removed.update(_escapes(our_path) - _escapes(their_path))

    groups: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        if (key := theirs[url]) is not None:
            groups[key].append(url)
    merge_counts: Counter[str] = Counter()
    merge_keys: Counter[str] = Counter()
    merge_examples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    dropped_names: Counter[str] = Counter()
    merged_groups = merged_keys = 0
    for key, members in sorted(groups.items()):
        forms = {ours[url] for url in members}
        if len(forms) < 2:
            continue
        decoded_forms = {ours_decoded[url] for url in members}
        if len(decoded_forms) == 1:
            cause, names = ENTITIES_DECODED, set()
        else:
            cause, names = merge_cause(key, decoded_forms)
        merged_groups += 1
        merged_keys += len(forms)
        merge_counts[cause] += 1
        merge_keys[cause] += len(forms)
        dropped_names.update(names)
        if len(merge_examples[cause]) < EXAMPLES_PER_CAUSE:
            merge_examples[cause].append(
                {
                    "courlan": _short(key),
                    "rashomon": [_short(form) for form in sorted(forms)[:3]],
                    "rashomon_keys": len(forms),
                }
            )

    differences = {
        cause: {"urls": count, "examples": cause_examples[cause]}
        for cause, count in cause_counts.most_common()
    }
    merges_by_cause = {
        cause: {"groups": count, "rashomon_keys": merge_keys[cause], "examples": merge_examples[cause]}
        for cause, count in merge_counts.most_common()
    }
    return {
        "urls": len(urls),
        "rashomon_keys": len(set(ours.values())),
        "courlan_keys": len(groups),
        "courlan_errors": {
            "count": len(errors),
            "examples": [_short(url) for url in errors[:EXAMPLES_PER_CAUSE]],
        },
        "differing_urls": len(differing),
        "differing_urls_without_html_entities": sum(html.unescape(url) == url for url in differing),
        "differences_by_cause": differences,
        "path_escapes_courlan_adds": _escape_table(escapes_added),
        "path_escapes_courlan_removes": _escape_table(escapes_removed),
        "merges": {
            "courlan_keys_covering_several": merged_groups,
            "rashomon_keys_merged": merged_keys,
            "by_cause": merges_by_cause,
            "dropped_parameter_names": dict(dropped_names.most_common(25)),
        },
    }


def _escape_table(escapes: Counter[str]) -> dict[str, int]:
    """The most frequent escapes, ASCII ones shown with their character ('%3B ;')."""
    table = {}
    for escape, count in escapes.most_common(15):
        char = chr(int(escape[1:], 16))
        table[f"{escape} {char}" if 0x20 < ord(char) < 0x7F else escape] = count
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON result")
    args = parser.parse_args(argv)

    urls, per_root = find_urls(URL_ROOTS)
    if not urls:
        print("no URLs found", file=sys.stderr)
        return 1
    result: dict[str, Any] = {
        "distinct_urls_per_source": per_root,
        "versions": {"python": platform.python_version(), "courlan": courlan.__version__},
        "timing": f"best of {TIMING_PASSES} passes over all URLs, one process, {os.cpu_count()} CPUs",
        "courlan_form": "normalize_url(url), then fragment dropped and '/' for an empty path",
    }
    result.update(measure(urls))
    ours_micros, theirs_micros = time_per_url(canonical_url, urls), time_per_url(courlan_key, urls)
    result["us_per_url"] = {
        "rashomon canonical_url": round(ours_micros, 2),
        "courlan normalize_url (+ project rules)": round(theirs_micros, 2),
        "courlan / rashomon": round(theirs_micros / ours_micros, 2),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    merges = result["merges"]
    print(
        f"{result['urls']} URLs; keys differ on {result['differing_urls']} "
        f"({result['differing_urls_without_html_entities']} without HTML entities); "
        f"courlan errors {result['courlan_errors']['count']}"
    )
    for cause, entry in result["differences_by_cause"].items():
        print(f"  {cause}: {entry['urls']}")
    print(
        f"merges: {merges['rashomon_keys_merged']} rashomon keys into "
        f"{merges['courlan_keys_covering_several']} courlan keys"
    )
    for cause, entry in merges["by_cause"].items():
        print(f"  {cause}: {entry['groups']} groups ({entry['rashomon_keys']} keys)")
    print("time, us per URL:", ", ".join(f"{name} {value}" for name, value in result["us_per_url"].items()))
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
