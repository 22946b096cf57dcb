"""The publication day an HTML page shows its reader in marked-up date elements.

Pages print their date in a `<time datetime="...">` element or one marked `itemprop="datePublished"`.
Header metadata is often a CMS's modification or crawl time; the visible element is what the page
tells its reader. Such elements also date comments, embedded posts and teasers of other stories, so
those are skipped, and the page's date is read only when the elements left name one day.
"""

from __future__ import annotations

import datetime
import re

from lxml.etree import LxmlError
from lxml.html import HtmlElement

_DATE_ELEMENTS = "//body//time[@datetime] | //body//*[@itemprop='datePublished']"
_ISO_DAY = re.compile(r"^\s*((?:19|20)\d{2})-(\d{2})-(\d{2})")
# Containers whose dates are not the page's: comments, embedded posts, asides and navigation.
_FOREIGN_TAGS = frozenset({"blockquote", "aside", "nav", "iframe"})
_FOREIGN_NAMES = re.compile(r"comment|embed|related|recommend|sidebar|widget|instagram|twitter", re.I)


def _element_day(element: HtmlElement) -> datetime.date | None:
    value = element.get("datetime") or element.get("content") or ""
    match = _ISO_DAY.match(value)
    if not match:
        return None
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError:
        return None


def _in_foreign_container(element: HtmlElement) -> bool:
    for ancestor in element.iterancestors():
        if ancestor.tag in _FOREIGN_TAGS:
            return True
        names = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if _FOREIGN_NAMES.search(names):
            return True
    return False


def marked_publication_day(tree: HtmlElement) -> str | None:
    """The one day the page's own date elements show (ISO), or None when they show none or several.
    Elements marked as the publication date speak first; bare `<time>` elements only without them."""
    try:
        elements = [e for e in tree.xpath(_DATE_ELEMENTS) if not _in_foreign_container(e)]
    except (LxmlError, ValueError):
        return None
    marked = [e for e in elements if e.get("itemprop") == "datePublished"]
    days = {d for d in map(_element_day, marked or elements) if d is not None}
    return next(iter(days)).isoformat() if len(days) == 1 else None
