"""Main text, title and metadata of one HTML page, with trafilatura (offline: nothing is fetched).

Settings were chosen on the article-extraction benchmark (bench/extraction_eval.py, 181 news pages,
4-token shingle F1), see `_extract_body`. The page is parsed once by us and trafilatura gets the
parsed tree, so neither it nor htmldate can take the input for a URL to download.
"""

from __future__ import annotations

import logging
from typing import Any

import htmldate
import trafilatura
from lxml.etree import LxmlError
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import load_html

from rashomon.clean.date_candidates import labelled_lines
from rashomon.clean.html_dates import marked_publication_day
from rashomon.errors import InputError
from rashomon.types import CleanText

NO_TEXT = "HTML has no extractable main text"

# trafilatura and htmldate log every page they give up on (at WARNING and ERROR); each such page
# becomes an InputError naming the file here, so their own lines would only repeat it, without the
# location. Only a crash inside them (CRITICAL) is let through.
for _name in ("trafilatura", "htmldate", "justext", "readability", "courlan"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

# htmldate: publication date only (original_date), and only from markup, JSON-LD and the URL:
# extensive_search=False turns off its free-text scan, which picks up copyright years, "today" widgets
# and the dates of related stories. It never falls back on the current date; without evidence -> None.
_DATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": False}

# favor_precision is trafilatura's stricter boilerplate filter; on the benchmark it scores F1 0.964
# against 0.960 for the default "balanced" mode (precision 0.958 vs 0.942, recall 0.971 vs 0.978).
# Comments are never story text (including them cost 0.007 F1); tables are kept (dropping them cost
# 0.003 F1: some stories carry figures in tables). Per-document deduplication is off: its cache
# outlives the page and would drop paragraphs a wire story shares with one seen earlier.
_COMMON: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "deduplicate": False,
}

# A page that makes the parser or trafilatura fail is one bad input, not a crash of the run.
_PAGE_ERRORS = (TypeError, ValueError, LxmlError, RecursionError)

# When precision mode keeps less than this share of what balanced mode keeps, it has latched onto a
# wrong block (a teaser, a caption, one section of a long story) rather than trimmed boilerplate:
# trimming costs a page a few short blocks, not half its text. Shares of 0.3 to 0.5 give the same
# benchmark score (F1 0.967 vs 0.964 without the check); 0.7 and above start to take back boilerplate.
_MIN_PRECISION_SHARE = 0.5


def _parse(html: str) -> HtmlElement | None:
    if not html or not html.strip():
        return None
    try:
        return load_html(html)
    except _PAGE_ERRORS:
        return None


def _bare(tree: HtmlElement, url: str | None, **options: Any) -> Document | None:
    """One trafilatura pass (on its own copy of the tree); None when it finds nothing."""
    try:
        document = trafilatura.bare_extraction(
            tree, url=url, date_extraction_params=dict(_DATE_PARAMS), **options
        )
    except _PAGE_ERRORS:
        return None
    return document if isinstance(document, Document) else None


def _paragraphs(text: str | None) -> str:
    """trafilatura's text has one block per line; the project separates paragraphs by blank lines."""
    if not text:
        return ""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _extract_body(tree: HtmlElement, url: str | None) -> tuple[str, Document | None]:
    """Main text, and trafilatura's document with the page metadata (None when it found no text)."""
    document = _bare(tree, url, favor_precision=True, with_metadata=True, **_COMMON)
    precise = _paragraphs(document.text if document is not None else None)
    balanced_doc = _bare(tree, url, **_COMMON)
    balanced = _paragraphs(balanced_doc.text if balanced_doc is not None else None)
    text = balanced if len(precise) < _MIN_PRECISION_SHARE * len(balanced) else precise
    if not text:
        # last resort: trafilatura's baseline (JSON-LD articleBody, <article>, then all <p>)
        try:
            _, baseline_text, _ = trafilatura.baseline(tree)  # works on its own copy of the tree
        except _PAGE_ERRORS:
            baseline_text = ""
        text = _paragraphs(baseline_text)
    return text, document


def _metadata(tree: HtmlElement, url: str | None, document: Document | None) -> Document | None:
    """Metadata of the page; taken from the extraction when it produced a document."""
    if document is not None:
        return document
    try:
        return trafilatura.extract_metadata(tree, default_url=url, date_config=dict(_DATE_PARAMS))
    except _PAGE_ERRORS:
        return None


# Visible text around the headline: pages print the date just above or below it. Lines further
# away are navigation, teasers of other stories or the footer.
_LINES_BEFORE_HEADLINE = 6
_LINES_AFTER_HEADLINE = 15
_VISIBLE_TEXT = "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"


def _visible_lines(tree: HtmlElement) -> list[str]:
    """The page's visible text, one text node a line."""
    try:
        texts = [" ".join(t.split()) for t in tree.xpath(_VISIBLE_TEXT)]
    except _PAGE_ERRORS:
        return []
    return [t for t in texts if t]


def _headline_lines(tree: HtmlElement, texts: list[str]) -> str | None:
    """The visible lines around the page's first <h1>; None without an <h1>."""
    try:
        headline = tree.xpath("string(//h1[1])").strip()
    except _PAGE_ERRORS:
        return None
    if not headline:
        return None
    first_word = headline.split()[0]
    at = next((i for i, t in enumerate(texts) if t.startswith(first_word) and t in headline), None)
    if at is None:
        return None
    return "\n".join(texts[max(0, at - _LINES_BEFORE_HEADLINE) : at + _LINES_AFTER_HEADLINE])


# The free-text scan, read the way htmldate reads a page's original date and the way it reads its
# latest date: a page that names one clear date gives the same day both ways; pages whose scans
# differ carry several dates (teasers, comments, updates) and the scan dates nothing.
_SCAN_ORIGINAL: dict[str, Any] = {"original_date": True, "extensive_search": True}
_SCAN_LATEST: dict[str, Any] = {"original_date": False, "extensive_search": True}


def _text_scan_date(tree: HtmlElement, url: str | None) -> str | None:
    """htmldate's free-text scan when both its readings agree; htmldate works on a copy of the tree."""
    try:
        original = htmldate.find_date(tree, url=url, **_SCAN_ORIGINAL)
        latest = htmldate.find_date(tree, url=url, **_SCAN_LATEST) if original else None
    except _PAGE_ERRORS:
        return None
    return original if original and original == latest else None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def extract_html(html: str, *, location: str, url: str | None = None) -> CleanText:
    """Main text, title, site name, canonical URL and publication date of an HTML page.

    `location` names the input in errors; `url` is where the page was read from, if known (it is
    never fetched; it helps date extraction and is returned when the page declares no URL itself).
    The caller caps the input size (Settings.max_input_bytes). Raises InputError when the page has
    no main text (no body, only scripts, empty).
    """
    tree = _parse(html)
    if tree is None:
        raise InputError(location, NO_TEXT)
    text, document = _extract_body(tree, url)
    if not text:
        raise InputError(location, NO_TEXT)
    meta = _metadata(tree, url, document)
    metadata_date = _clean(getattr(meta, "date", None))
    visible = _visible_lines(tree)
    return CleanText(
        title=_clean(getattr(meta, "title", None)),
        text=text,
        site_name=_clean(getattr(meta, "sitename", None)),
        url=_clean(getattr(meta, "url", None)) or url,
        metadata_date=metadata_date,
        head=_headline_lines(tree, visible),
        # A weak hint for pages whose markup gives no date.
        text_scan_date=None if metadata_date else _text_scan_date(tree, url),
        marked_date=marked_publication_day(tree),
        labelled_lines=tuple(labelled_lines(visible)),
    )
