"""Clean scraped plain text: keep every paragraph of the story, drop the page furniture, find the title.

Input is text copied or scraped from a news page: one paragraph per line (blank lines between them or
not), mixed with navigation, captions, widgets and footers. Every non-empty raw line ends up either in
`CleanText.text` (kept, in order, paragraphs joined by a blank line) or in `CleanText.dropped` with one
of the stable reason codes below. When in doubt a line is kept: losing a story paragraph costs more
than keeping a stray label.

Reason codes (stable; scripts and the store match on them):

- ``title``            the headline line; its text is `CleanText.title`.
- ``repeated-title``   a later line repeating the headline (or the declared title).
- ``header``           other page-header lines before the title.
- ``navigation``       breadcrumbs, menus and section labels ("News / World", "WorldEuropeAsia").
- ``tagline``          a site slogan sentence between the site header and the title.
- ``site-signature``   a line built around a known outlet name ("- Outlet", "Outlet's website ...").
- ``ui-string``        web interface text ("Subscribe", "Back to top", "Share", "5 min read").
- ``comment-widget``   comment box text ("To participate in the discussion", "log in or register").
- ``cookie-notice``    cookie banners.
- ``advertisement``    ad slot labels.
- ``caption``          photo captions ("©", "(Photo by ...)", "In this photo ...", "... - Outlet").
- ``photo-credit``     a short line that only credits a picture ("Photo: Jane Doe/Agency").
- ``byline``           "By Jane Doe".
- ``date-line``        a line holding only a date or time stamp (left in `dropped` for the date stage).
- ``foreign-script``   a line mostly in another script than the story (UI of a translated site).
- ``related-headline`` a headline of another story inside the body ("Read also: ...", Title Case links).
- ``footer``           the block after the story (short links, "...:" lines, comment counts, credits).

Each line is first judged on its own (`rashomon.clean.line_rules`), then by its position: the header
before the headline, repeats of the headline, related-story links and the footer after the story.
Generic UI phrases (several languages) live in ``rashomon/data/boilerplate.json``; outlet names come
from the caller, so nothing here is tied to one outlet or one conflict.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rashomon.clean.date_lines import without_glued_stamp
from rashomon.clean.line_rules import (
    CRUMB_SEGMENT_MAX_WORDS,
    PARAGRAPH_MIN_WORDS,
    PROSE_MIN_WORDS,
    DocumentContext,
    NamePattern,
    classify_line,
    document_context,
    has_letters,
    headline_like,
    is_terminal,
    load_boilerplate,
    norm,
    outlet_tail,
    paragraph_like,
    short_label,
    word_count,
)
from rashomon.clean.reasons import (
    ADVERTISEMENT,
    BYLINE,
    CAPTION,
    CAPTION_REASONS,
    COMMENT_WIDGET,
    COOKIE_NOTICE,
    DATE_LINE,
    FOOTER,
    FOREIGN_SCRIPT,
    HEADER,
    NAVIGATION,
    PHOTO_CREDIT,
    REASONS,
    RELATED_HEADLINE,
    REPEATED_TITLE,
    SITE_SIGNATURE,
    TAGLINE,
    TITLE,
    UI_STRING,
)
from rashomon.language_data import load_language_data
from rashomon.types import CleanText, DroppedLine

__all__ = [
    "ADVERTISEMENT",
    "BYLINE",
    "CAPTION",
    "COMMENT_WIDGET",
    "COOKIE_NOTICE",
    "DATE_LINE",
    "FOOTER",
    "FOREIGN_SCRIPT",
    "HEADER",
    "NAVIGATION",
    "PHOTO_CREDIT",
    "REASONS",
    "RELATED_HEADLINE",
    "REPEATED_TITLE",
    "SITE_SIGNATURE",
    "TAGLINE",
    "TITLE",
    "UI_STRING",
    "clean_scraped_text",
    "load_boilerplate",
]

# --- thresholds (word counts are whitespace-separated tokens) -------------------------------------
# Site slogans are one short sentence; a longer sentence before a headline is more likely a lede.
TAGLINE_MAX_WORDS = 25
# Related-story links are long Title Case headlines; 7+ words keeps short Title Case sub-headings.
RELATED_MIN_WORDS = 7
# Right after a photo caption, even a short Title Case line is the caption's story link.
RELATED_AFTER_CAPTION_MIN_WORDS = 4
# Share of capitalised content words that makes a line Title Case (allows a lower-case slip or two).
TITLE_CASE_RATIO = 0.8
# Footer links and labels are short; story lines are longer or end in punctuation.
FOOTER_MAX_WORDS = 6

_HEADLINE_WORDS = load_language_data("headlines")
_QUESTION_WORDS = "|".join(re.escape(w) for w in _HEADLINE_WORDS["question_words"])
_QUESTION_SHAPE = re.compile(rf"^(?:[^:]{{1,60}}:\s*)?(?:{_QUESTION_WORDS})\b[^:]*(?::|$)", re.I)
# Words left lower case in Title Case headlines.
_MINOR = frozenset(_HEADLINE_WORDS["minor_words"])


def _title_case_ratio(text: str) -> float:
    """Share of content words (not 'of', 'in', ...) that start with a capital letter."""
    words = [w.strip("\"'“”‘’«»()[]:;,.!?") for w in text.split()]
    content = [w for w in words if w[:1].isalpha() and w.casefold() not in _MINOR]
    if not content:
        return 0.0
    return sum(w[0].isupper() for w in content) / len(content)


# --- the title ------------------------------------------------------------------------------------
# Separators and whitespace (any, not just spaces: a U+2028 may sit between outlet and headline)
# around a headline once its outlet is cut off.
_AFFIX_EDGES = re.compile(r"^[\s\-–—|:]+|(?<![\s\-–—|:])[\s\-–—|:]+$")  # (?<!...): see line_rules._CRUMB_SEP


def _strip_outlet_affix(text: str, outlets: NamePattern | None) -> str | None:
    """The text without a leading 'Outlet - ' or a trailing ' - Outlet', if it has one."""
    tail = outlet_tail(text, outlets)
    if tail is not None or outlets is None:
        return tail
    stripped = text.strip()
    m = outlets.match(stripped)
    if m and re.match(r"\s*[-–—|:]\s+", stripped[m.end() :]):
        return _AFFIX_EDGES.sub("", stripped[m.end() :])
    return None


def _title_candidate(text: str, reason: str | None, ctx: DocumentContext) -> str | None:
    """The headline on this line, if it is one: plain, or with an outlet before/after it."""
    if reason is None:
        return text if headline_like(text) else None
    if reason in (SITE_SIGNATURE, CAPTION):
        bare = _strip_outlet_affix(text, ctx.outlets)
        if bare and bare != text and headline_like(bare):
            return bare
    return None


def _same_title(text: str, title: str, ctx: DocumentContext) -> bool:
    if norm(text) == norm(title):
        return True
    bare = _strip_outlet_affix(text, ctx.outlets)
    return bare is not None and norm(bare) == norm(title)


# --- position-dependent passes --------------------------------------------------------------------
def _visible(line: str) -> str:
    return line.strip().strip("\u200b\u200c\u200d\ufeff").strip()


@dataclass
class _Lines:
    """The raw lines with the reason found so far for each (None = kept)."""

    texts: list[str]
    reasons: list[str | None]
    order: list[int]  # indices of non-empty lines

    def after(self, i: int) -> list[int]:
        return [j for j in self.order if j > i]


def _tagline_ahead(doc: _Lines, pos: int, is_anchor: Callable[[int], bool]) -> bool:
    """A slogan sentence sits after site furniture and right before the headline (3 lines at most).

    Slogans are generic: no figures, no quotes and no names (no capital after the first word), while
    a story's opening sentence nearly always names a place, a person or a body.
    """
    text = doc.texts[doc.order[pos]]
    names = any(w[:1].isupper() for w in text.split()[1:])
    if pos == 0 or word_count(text) > TAGLINE_MAX_WORDS or names or re.search(r"\d|[\"“”«»]", text):
        return False
    return any(is_anchor(j) for j in doc.order[pos + 1 : pos + 4])


def _find_anchor(doc: _Lines, ctx: DocumentContext, declared: str | None) -> tuple[int | None, str | None]:
    """Walk the header: return (line index, title text) of the headline, marking header lines."""

    def anchor_text(j: int) -> str | None:
        if declared is not None:
            return declared if _same_title(doc.texts[j], declared, ctx) else None
        return _title_candidate(doc.texts[j], doc.reasons[j], ctx)

    pending: list[int] = []
    taglines: set[int] = set()
    for pos, i in enumerate(doc.order):
        found = anchor_text(i)
        if found is not None and declared is None and _wrapped_on(doc, i):
            break  # the story's first line, hard-wrapped: no headline was given
        if found is not None:
            _mark_header(doc, pending, taglines, anchored=True)
            return i, found
        if doc.reasons[i] is not None:
            continue
        if paragraph_like(doc.texts[i]):
            if not _tagline_ahead(doc, pos, lambda j: anchor_text(j) is not None):
                break
            taglines.add(i)
        pending.append(i)
    _mark_header(doc, pending, taglines, anchored=False)
    return None, None


def _wrapped_on(doc: _Lines, i: int) -> bool:
    """The next line goes on this one's sentence in lower case ("... including at" / "least 34
    children, ..."): a hard-wrapped paragraph, not a headline, which no sentence runs on from."""
    following = doc.texts[i + 1] if i + 1 < len(doc.texts) else ""
    return following[:1].islower() and _continues(doc.texts[i], following)


def _mark_header(doc: _Lines, pending: list[int], taglines: set[int], *, anchored: bool) -> None:
    for i in pending:
        text = doc.texts[i]
        if i in taglines:
            doc.reasons[i] = TAGLINE
        elif short_label(text):
            doc.reasons[i] = NAVIGATION
        elif anchored:
            doc.reasons[i] = HEADER


def _mark_repeats(doc: _Lines, title: str, ctx: DocumentContext, after: int) -> None:
    for i in doc.after(after):
        if doc.reasons[i] in (None, SITE_SIGNATURE, CAPTION) and _same_title(doc.texts[i], title, ctx):
            doc.reasons[i] = REPEATED_TITLE


def _mark_lead_labels(doc: _Lines, anchor: int) -> None:
    """Section labels between the headline and the first paragraph ("World", "Politics")."""
    for i in doc.after(anchor):
        text, reason = doc.texts[i], doc.reasons[i]
        if reason is not None:
            continue
        if not short_label(text, CRUMB_SEGMENT_MAX_WORDS):
            return
        doc.reasons[i] = NAVIGATION


def _related_headline(text: str, prev_reason: str | None) -> bool:
    if is_terminal(text) or not headline_like(text):
        return False
    n, ratio = word_count(text), _title_case_ratio(text)
    after_caption = prev_reason in CAPTION_REASONS
    min_words = RELATED_AFTER_CAPTION_MIN_WORDS if after_caption else RELATED_MIN_WORDS
    if ratio >= TITLE_CASE_RATIO and n >= min_words:
        return True
    return bool(":" in text and _QUESTION_SHAPE.match(text) and ratio >= 0.6 and n >= 5)


def _mark_related(doc: _Lines, start: int) -> None:
    prev: str | None = None
    for i in doc.order:
        reason = doc.reasons[i]
        if i > start and reason is None and _related_headline(doc.texts[i], prev):
            doc.reasons[i] = RELATED_HEADLINE
        prev = doc.reasons[i]


def _footer_like(text: str, ctx: DocumentContext) -> bool:
    if not has_letters(text) or text.rstrip().endswith(":"):
        return True  # comment counts, "Follow us on:", "... at the following addresses:"
    if is_terminal(text) or word_count(text) >= PROSE_MIN_WORDS:
        return False
    return ctx.find_outlet(text) is not None or word_count(text) <= FOOTER_MAX_WORDS


def _mark_footer(doc: _Lines, stop: int, ctx: DocumentContext) -> None:
    """From the last line backwards, through junk, up to the last story line."""
    for i in reversed(doc.order):
        if i <= stop:
            return
        if doc.reasons[i] is not None:
            continue
        if not _footer_like(doc.texts[i], ctx):
            return
        doc.reasons[i] = FOOTER


def _mark_letterless(doc: _Lines) -> None:
    for i in doc.order:
        if doc.reasons[i] is None and not has_letters(doc.texts[i]):
            doc.reasons[i] = UI_STRING  # separators and stray numbers ("***", "0") inside the page


# --- assembly -------------------------------------------------------------------------------------
def _continues(prev: str, text: str) -> bool:
    """`text` goes on the sentence of the line above it (hard-wrapped text, no blank line between)."""
    if is_terminal(prev) or prev.endswith(":"):
        return False
    long_line = word_count(prev) >= PARAGRAPH_MIN_WORDS
    mid_sentence = (long_line and prev[-1:].isalnum()) or prev.endswith(",")
    return text[:1].islower() or mid_sentence


def _paragraphs(doc: _Lines) -> list[str]:
    """Kept lines, one paragraph each; hard-wrapped lines of one paragraph are joined again."""
    paras: list[str] = []
    last: int | None = None
    for i in doc.order:
        if doc.reasons[i] is not None:
            continue
        text = re.sub(r"\s+", " ", doc.texts[i])
        if last == i - 1 and _continues(paras[-1], text):
            paras[-1] = f"{paras[-1]} {text}"
        else:
            paras.append(text)
        last = i
    return paras


def _without_leading_stamp(texts: list[str]) -> list[str]:
    """The lines, a date stamp glued to the first one's first words taken off (`without_glued_stamp`)."""
    first = next((i for i, text in enumerate(texts) if text.strip()), None)
    if first is not None:
        texts[first] = without_glued_stamp(texts[first])
    return texts


def clean_scraped_text(raw: str, *, outlet_names: Sequence[str] = (), title: str | None = None) -> CleanText:
    """Split scraped text into story paragraphs and dropped lines (each with a reason); find the title.

    `outlet_names`: names and aliases of known outlets, to recognise site signatures and caption tails.
    `title`: a declared title (from metadata); lines equal to it are dropped as "repeated-title" and no
    title is searched for.
    """
    lines = re.split(r"\r\n|\r|\n", raw)
    texts = _without_leading_stamp([_visible(line) for line in lines])
    doc = _Lines(texts=texts, reasons=[None] * len(lines), order=[i for i, t in enumerate(texts) if t])
    ctx = document_context([texts[i] for i in doc.order], outlet_names)
    for i in doc.order:
        doc.reasons[i] = classify_line(texts[i], ctx)

    declared = title.strip() if title and title.strip() else None
    anchor, found = _find_anchor(doc, ctx, declared)
    start = anchor if anchor is not None else -1
    if anchor is not None:
        doc.reasons[anchor] = REPEATED_TITLE if declared else TITLE
        _mark_lead_labels(doc, anchor)
    headline = declared or found
    if headline:  # a found title always comes with its anchor line
        _mark_repeats(doc, headline, ctx, after=-1 if declared else start)
    _mark_related(doc, start)
    _mark_footer(doc, start, ctx)
    _mark_letterless(doc)

    paragraphs = _paragraphs(doc)
    if not paragraphs and anchor is not None:
        # A wire flash, a headline or an event snippet is all headline: it is the story too.
        doc.reasons[anchor] = None
        paragraphs = _paragraphs(doc)
    dropped = [DroppedLine(i + 1, lines[i], doc.reasons[i]) for i in doc.order if doc.reasons[i] is not None]
    return CleanText(title=headline, text="\n\n".join(paragraphs), dropped=dropped)
