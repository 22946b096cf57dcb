"""The clean stage for one document: main text, title, outlet, date and language together."""

from __future__ import annotations

from dataclasses import replace

from rashomon.clean.cleaned import CleanedArticle, content_hash
from rashomon.clean.date_candidates import labelled_lines
from rashomon.clean.headline import with_headline
from rashomon.clean.html import extract_html
from rashomon.clean.language import detect_language
from rashomon.clean.outlet import identify_outlet, outlet_names
from rashomon.clean.published import infer_published_date
from rashomon.clean.reasons import CAPTION_REASONS, DATE_LINE
from rashomon.clean.text import clean_scraped_text
from rashomon.types import RawDocument


def clean_document(raw: RawDocument, digest: str | None = None) -> CleanedArticle:
    """Clean one raw document; raises InputError when it holds no usable text."""
    if raw.kind == "html":
        clean = extract_html(raw.content, location=raw.location, url=raw.url)
        declared = raw.title.strip() if raw.title else ""
        if declared:  # a blank declared title is none: the page's own title stays (as for scraped text)
            clean.title = declared
        outlet = identify_outlet(url=raw.url or clean.url, declared=raw.outlet, site_name=clean.site_name)
    else:
        # Outlet first: its names tell the cleaner which lines are the site's own signatures.
        outlet = identify_outlet(url=raw.url, declared=raw.outlet, text=raw.content)
        clean = clean_scraped_text(raw.content, outlet_names=outlet_names(), title=raw.title)
    body = clean.text
    # The headline is analysed with the story (it carries the main claim); the dropped-line records
    # still say which raw line was the title, as the cleaner found it.
    clean = replace(clean, text=with_headline(clean.title, body))
    captions = [line.text for line in clean.dropped if line.reason in CAPTION_REASONS]
    stamps = [line.text for line in clean.dropped if line.reason == DATE_LINE]
    retrieved_at = raw.retrieved_at
    published = infer_published_date(
        body,  # the story's own wording dates it; a headline adds no date evidence
        url=raw.url or clean.url,
        head=clean.head if raw.kind == "html" else raw.content,
        head_from_markup=raw.kind == "html",
        metadata_date=raw.date or clean.metadata_date,
        text_scan_date=None if raw.date else clean.text_scan_date,
        marked_date=clean.marked_date,
        labelled_lines=clean.labelled_lines
        if raw.kind == "html"
        else labelled_lines(raw.content.splitlines()),
        captions=captions,
        stamps=stamps,
        retrieved_at=retrieved_at,
    )
    return CleanedArticle(
        raw=raw,
        content_hash=digest or content_hash(raw),
        clean=clean,
        outlet=outlet,
        published=published,
        language=detect_language(clean.text),
        retrieved_at=retrieved_at,
    )
