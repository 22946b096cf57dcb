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

Generic UI phrases (several languages) live in ``rashomon/data/boilerplate.json``; outlet names come
from the caller, so nothing here is tied to one outlet or one conflict.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rashomon.types import CleanText, DroppedLine

TITLE = "title"
REPEATED_TITLE = "repeated-title"
HEADER = "header"
NAVIGATION = "navigation"
TAGLINE = "tagline"
SITE_SIGNATURE = "site-signature"
UI_STRING = "ui-string"
COMMENT_WIDGET = "comment-widget"
COOKIE_NOTICE = "cookie-notice"
ADVERTISEMENT = "advertisement"
CAPTION = "caption"
PHOTO_CREDIT = "photo-credit"
BYLINE = "byline"
DATE_LINE = "date-line"
FOREIGN_SCRIPT = "foreign-script"
RELATED_HEADLINE = "related-headline"
FOOTER = "footer"

REASONS = frozenset(
    {
        TITLE, REPEATED_TITLE, HEADER, NAVIGATION, TAGLINE, SITE_SIGNATURE, UI_STRING, COMMENT_WIDGET,
        COOKIE_NOTICE, ADVERTISEMENT, CAPTION, PHOTO_CREDIT, BYLINE, DATE_LINE, FOREIGN_SCRIPT,
        RELATED_HEADLINE, FOOTER,
    }
)  # fmt: skip

# --- thresholds (word counts are whitespace-separated tokens) -------------------------------------
# Section labels and menu items are one to four words ("Middle East News"); headlines are longer.
LABEL_MAX_WORDS = 4
# Breadcrumb segments are single labels ("Local News"); a segment of 4+ words is a headline fragment.
CRUMB_SEGMENT_MAX_WORDS = 3
# Headlines run 3-20 words in practice; 30 leaves room for long wire headlines, more is a paragraph.
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 30
# A line ending in sentence punctuation with 8+ words reads as a story paragraph, not as page furniture.
PARAGRAPH_MIN_WORDS = 8
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
# An outlet line is a signature when little else is on it ("Outlet News Roku", "- Outlet").
SIGNATURE_MAX_OTHER_WORDS = 3
# A caption-free credit line ("Photo: Jane Doe/Agency") is short; longer ones describe the picture.
CREDIT_MAX_WORDS = 6
# 'start' phrases of the data file only apply to short lines: UI strings are not sentences.
START_MAX_WORDS = 20
# A short line is foreign when under half its letters are in the story's script, unless that other
# script holds 30%+ of all letters (a genuinely bilingual text, where both halves are content).
FOREIGN_LINE_SHARE = 0.5
BILINGUAL_DOC_SHARE = 0.3

# --- patterns -------------------------------------------------------------------------------------
_TERMINAL = re.compile(r"[.!?…](?:[\"'”’»)\]]*)$")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
_TRIM = " \t-–—|•·»«›‹>:;,.!?…*#_=+~()[]{}\"'/\\"
_CRUMB_SEP = re.compile(r"\s*(?:/|\||>|»|›|\\|•|·)\s*")
_DASH_SEP = re.compile(r"\s+[-–—]\s+")
_CAMEL = re.compile(r"[a-z][A-Z]")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\b",
    re.I,
)
_DATE_TAIL = re.compile(rf"(?:{_DATE.pattern})\W*$", re.I)
_STAMP_FILLER = re.compile(
    r"\b(?:\d{1,2}[:.]\d{2}(?::\d{2})?|published|updated|posted|last|modified|on|at|am|pm|"
    r"gmt|utc|est|edt|cet|cest|eet|eest|msk|bst|ist|ast|mon|tue|wed|thu|fri|sat|sun|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)
_IN_THIS = re.compile(
    r"^(?:in\s+)?th(?:is|ese)\s+(?:\w+\s+){0,2}(?:photo|photograph|picture|image|frame grab|grab|"
    r"screenshot|still|handout)s?\b",
    re.I,
)
_PHOTO_PAREN = re.compile(r"\([^()]*\b(?:photo|picture|image|file)s?\b[^()]*\)\W*$", re.I)
_PHOTO_LABEL = re.compile(
    r"^(?:photo|photograph|picture|image|file photo|photo credit|credit|illustration|top image)s?"
    r"\s*(?::|by\b)",
    re.I,
)
_COPYRIGHT_FOOTER = re.compile(r"©\s*(?:\d{4}|copyright)|copyright\s*©", re.I)
_BYLINE = re.compile(r"^(?:by|BY|By)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*(?:,|and|&)\s+.*)?$")
_WEB_WORDS = re.compile(
    r"\b(?:website|web site|site|app|apps|homepage|accessed|available|follow|download|channel|copyright|"
    r"newsletter|mirror|addresses)\b",
    re.I,
)
_QUESTION_SHAPE = re.compile(
    r"^(?:[^:]{1,60}:\s*)?(?:why|how|what|who|when|where|will|can|is|are|does)\b[^:]*(?::|$)", re.I
)
# Words left lower case in Title Case headlines.
_MINOR = frozenset(
    ("a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "off", "on", "onto",
     "or", "over", "per", "than", "the", "to", "up", "via", "vs", "with")
)  # fmt: skip
_CLOSING = "\"'”’»)]"


# --- small text helpers ---------------------------------------------------------------------------
def _visible(line: str) -> str:
    return line.strip().strip("\u200b\u200c\u200d\ufeff").strip()


def _words(text: str) -> list[str]:
    return text.split()


def _is_terminal(text: str) -> bool:
    """Ends like a sentence: '.', '!', '?' or '…', possibly inside closing quotes or brackets."""
    return bool(_TERMINAL.search(text))


def _norm(text: str) -> str:
    """Case-folded, quote-straightened, space-collapsed, with punctuation and bullets trimmed."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return re.sub(r"\s+", " ", folded).strip(_TRIM)


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _is_quoted(text: str) -> bool:
    return text[:1] in "\"'‘“«" or text[-1:] in _CLOSING


def _title_case_ratio(text: str) -> float:
    """Share of content words (not 'of', 'in', ...) that start with a capital letter."""
    words = [w.strip("\"'“”‘’«»()[]:;,.!?") for w in text.split()]
    content = [w for w in words if w[:1].isalpha() and w.casefold() not in _MINOR]
    if not content:
        return 0.0
    return sum(w[0].isupper() for w in content) / len(content)


def _script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return "UNKNOWN"


def _scripts(text: str) -> Counter[str]:
    return Counter(_script(ch) for ch in text if ch.isalpha())


# --- data file ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Boilerplate:
    """Generic UI phrases by match mode, each mapped to a reason code."""

    line: dict[str, str]
    label: dict[str, str]
    start: dict[str, str]
    contains: tuple[tuple[str, str], ...]
    photo_agencies: tuple[str, ...]


def _phrase_map(groups: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for reason, phrases in groups.items():
        if reason not in REASONS:
            raise ValueError(f"boilerplate.json: unknown reason code {reason!r}")
        for phrase in phrases:
            out.setdefault(_norm(phrase), reason)
    return out


@lru_cache(maxsize=1)
def load_boilerplate() -> Boilerplate:
    raw = json.loads(resources.files("rashomon").joinpath("data/boilerplate.json").read_text("utf-8"))
    return Boilerplate(
        line=_phrase_map(raw["line"]),
        label=_phrase_map(raw["label"]),
        start=_phrase_map(raw["start"]),
        contains=tuple(_phrase_map(raw["contains"]).items()),
        photo_agencies=tuple(raw["photo_agencies"]),
    )


# --- per-document context -------------------------------------------------------------------------
def _name_pattern(names: Sequence[str]) -> re.Pattern[str] | None:
    """One regex for all names, longest first; short all-caps names (acronyms) match case-sensitively."""
    parts = []
    for name in sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in name.split())
        exact = name.isupper() and len(name) <= 4
        parts.append(body if exact else f"(?i:{body})")
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)") if parts else None


@dataclass
class _Context:
    bp: Boilerplate
    outlets: re.Pattern[str] | None
    credits: re.Pattern[str] | None  # photo agencies and outlets
    main_script: str | None
    script_share: dict[str, float]
    caption_texts: list[str] = field(default_factory=list)


def _context(lines: Sequence[str], outlet_names: Sequence[str]) -> _Context:
    bp = load_boilerplate()
    counts = _scripts("\n".join(lines))
    total = sum(counts.values()) or 1
    return _Context(
        bp=bp,
        outlets=_name_pattern(outlet_names),
        credits=_name_pattern([*bp.photo_agencies, *outlet_names]),
        main_script=counts.most_common(1)[0][0] if counts else None,
        script_share={s: n / total for s, n in counts.items()},
    )


# --- line rules (position-independent); each returns a reason or None ----------------------------
def _rule_boilerplate(text: str, ctx: _Context) -> str | None:
    key = _norm(text)
    uncounted = re.sub(r"^\d[\d,.]*\s+", "", key)  # "12 comments", "5 min read"
    for candidate in (key, uncounted):
        if candidate in ctx.bp.line:
            return ctx.bp.line[candidate]
    for phrase, reason in ctx.bp.label.items():
        if key == phrase or re.match(rf"{re.escape(phrase)}\s*[:|>»\-–—]", key):
            return reason
    if len(_words(text)) <= START_MAX_WORDS:
        for phrase, reason in ctx.bp.start.items():
            if re.match(rf"{re.escape(phrase)}(?!\w)", key):
                return reason
    return next((reason for phrase, reason in ctx.bp.contains if phrase in key), None)


def _rule_foreign_script(text: str, ctx: _Context) -> str | None:
    counts = _scripts(text)
    letters = sum(counts.values())
    if not letters or ctx.main_script is None:
        return None
    other, n = max(((s, c) for s, c in counts.items() if s != ctx.main_script), default=(None, 0),
                   key=lambda sc: sc[1])  # fmt: skip
    main_share = counts.get(ctx.main_script, 0) / letters
    if other is None or main_share >= FOREIGN_LINE_SHARE or n < 2 or _paragraph_like(text):
        return None  # a whole sentence in another script may be a quote in the original: kept
    return FOREIGN_SCRIPT if ctx.script_share.get(other, 0.0) < BILINGUAL_DOC_SHARE else None


def _rule_caption(text: str, ctx: _Context) -> str | None:
    n_words = len(_words(text))
    short = n_words <= CREDIT_MAX_WORDS
    if "©" in text:
        return FOOTER if _COPYRIGHT_FOOTER.search(text) else (PHOTO_CREDIT if short else CAPTION)
    if _PHOTO_LABEL.match(text):
        return PHOTO_CREDIT if short else CAPTION
    if _IN_THIS.match(text) or _PHOTO_PAREN.search(text):
        return CAPTION
    if ctx.credits is not None and _has_credit(text, ctx.credits):
        return PHOTO_CREDIT if short else CAPTION
    tail_head = _outlet_tail(text, ctx.outlets) if ctx.outlets is not None else None
    if tail_head and not _crumb_like(tail_head):
        return CAPTION  # "<picture description> - Outlet"
    if not _is_terminal(text) and n_words >= CREDIT_MAX_WORDS and _DATE_TAIL.search(text):
        return CAPTION  # wire-photo style: "..., Wednesday, Feb. 12, 2020"
    return None


def _has_credit(text: str, credits: re.Pattern[str]) -> bool:
    """'Jane Doe/Agency', 'Agency/Getty', 'Agency photo', '(Agency)' at the end of a non-sentence."""
    for m in credits.finditer(text):
        before, after = text[: m.start()].rstrip(), text[m.end() :].strip()
        if before.endswith("/") and (not after.strip(".)") or re.match(r"(?i)via\b", after)):
            return True
        agency_first = after[:1] == "/" or re.match(r"(?i)photos?\b", after)
        if agency_first and (not before or before.endswith(("(", "|", ":"))):
            return True
        if before.endswith("(") and after.rstrip(".") == ")" and not _is_terminal(text.rstrip(".")):
            return True
    return False


def _outlet_tail(text: str, outlets: re.Pattern[str]) -> str | None:
    """The text before a ' - Outlet' (or '| Outlet') ending, when there is enough of it for a caption."""
    for m in outlets.finditer(text):
        if text[m.end() :].strip():
            continue
        head = re.sub(r"\s*[-–—|]\s*$", "", text[: m.start()])
        if head != text[: m.start()] and len(_words(head)) >= HEADLINE_MIN_WORDS:
            return head.strip()
    return None


def _rule_byline(text: str, ctx: _Context) -> str | None:
    return BYLINE if _BYLINE.match(text) and len(_words(text)) <= 12 and not _is_terminal(text) else None


def _rule_date_line(text: str, ctx: _Context) -> str | None:
    if len(_words(text)) > 10 or not (_DATE.search(text) or re.search(r"\b\d{1,2}[:.]\d{2}\b", text)):
        return None
    rest = _STAMP_FILLER.sub(" ", _DATE.sub(" ", text))
    return DATE_LINE if not _has_letters(rest) else None


def _rule_signature(text: str, ctx: _Context) -> str | None:
    """A non-sentence line built around an outlet name; story sentences naming it are kept."""
    m = ctx.outlets.search(text) if ctx.outlets is not None else None
    if m is None or _is_terminal(text):
        return None
    other = [w for w in _words(text[: m.start()] + " " + text[m.end() :]) if _has_letters(w)]
    if len(other) <= SIGNATURE_MAX_OTHER_WORDS or text.rstrip().endswith(":") or _WEB_WORDS.search(text):
        return SITE_SIGNATURE
    segments = _crumb_segments(text)
    if len(segments) >= 2 and all(len(_words(s)) <= LABEL_MAX_WORDS for s in segments):
        return SITE_SIGNATURE
    return None


def _crumb_segments(text: str) -> list[str]:
    parts = _CRUMB_SEP.split(text)
    if len(parts) < 2:
        parts = _DASH_SEP.split(text)
    return [p.strip() for p in parts if p.strip(_TRIM)]


def _rule_navigation(text: str, ctx: _Context) -> str | None:
    if _is_terminal(text) or _is_quoted(text):
        return None
    words = _words(text)
    if any(len(_CAMEL.findall(w)) >= 2 for w in words) and len(words) <= 6:
        return NAVIGATION  # concatenated section labels: "WorldEuropeAsia"
    dashed = len(_CRUMB_SEP.split(text)) < 2
    # Dash-joined pairs ("Turkey - Russia talks") may be sub-headings; dashed crumbs need 3 parts.
    if dashed and len(_crumb_segments(text)) < 3:
        return None
    if re.match(r"^\s*[/|>»›]\s*\S", text) and len(_words(text)) <= LABEL_MAX_WORDS:
        return NAVIGATION  # "» World"
    return NAVIGATION if _crumb_like(text) else None


_Rule = Callable[[str, _Context], "str | None"]
# Order matters: specific reasons first, so "©" footers are not captions and outlet captions are not
# signatures.
LINE_RULES: tuple[tuple[str, _Rule], ...] = (
    ("boilerplate", _rule_boilerplate),
    ("caption", _rule_caption),
    ("byline", _rule_byline),
    ("date-line", _rule_date_line),
    ("site-signature", _rule_signature),
    ("navigation", _rule_navigation),
    ("foreign-script", _rule_foreign_script),
)


def _classify_line(text: str, ctx: _Context) -> str | None:
    for _name, rule in LINE_RULES:
        reason = rule(text, ctx)
        if reason is not None:
            return reason
    return _repeated_caption(text, ctx)


def _repeated_caption(text: str, ctx: _Context) -> str | None:
    """A caption printed twice (once with a credit, once with a site tail) is still a caption."""
    core = _norm(re.sub(r"\s+[-–—|]\s+(?:\S+\s*){1,4}$", "", text))
    if len(core.split()) < 5 or _is_terminal(text):
        return None
    return CAPTION if any(core in seen for seen in ctx.caption_texts) else None


# --- position-dependent passes --------------------------------------------------------------------
def _crumb_like(text: str) -> bool:
    """Two or more short segments joined by separators or dashes ("World - Local News")."""
    segments = _crumb_segments(text)
    return len(segments) >= 2 and all(len(_words(s)) <= CRUMB_SEGMENT_MAX_WORDS for s in segments)


def _headline_like(text: str) -> bool:
    words = _words(text)
    if not HEADLINE_MIN_WORDS <= len(words) <= HEADLINE_MAX_WORDS or _crumb_like(text):
        return False
    if text.rstrip(_CLOSING).endswith((".", "…", ":", ";", ",")) or _DATE_TAIL.search(text):
        return False
    first = next((ch for ch in text if ch.isalpha()), "")
    if first.islower() or re.search(r"[a-z]{3,}[.!?]\s+[A-Z]", text):  # lower-case start, or two sentences
        return False
    # Three-word lines need a lower-case word: "Middle East News" is a label, "Truce collapses again" not.
    return len(words) > HEADLINE_MIN_WORDS or any(w[:1].islower() for w in words)


def _paragraph_like(text: str) -> bool:
    n = len(_words(text))
    return n > HEADLINE_MAX_WORDS or (n >= PARAGRAPH_MIN_WORDS and _is_terminal(text))


def _short_label(text: str, max_words: int = LABEL_MAX_WORDS) -> bool:
    return len(_words(text)) <= max_words and not _is_terminal(text) and not _is_quoted(text)


def _title_candidate(text: str, reason: str | None, ctx: _Context) -> str | None:
    """The headline on this line, if it is one: plain, or with an outlet before/after it."""
    if reason is None:
        return text if _headline_like(text) else None
    if reason in (SITE_SIGNATURE, CAPTION) and ctx.outlets is not None:
        bare = _strip_outlet_affix(text, ctx.outlets)
        if bare and bare != text and _headline_like(bare):
            return bare
    return None


def _strip_outlet_affix(text: str, outlets: re.Pattern[str]) -> str | None:
    tail = _outlet_tail(text, outlets)
    if tail is not None:
        return tail
    m = outlets.match(text.strip())
    if m and re.match(r"\s*[-–—|:]\s+", text.strip()[m.end() :]):
        return text.strip()[m.end() :].strip(" -–—|:")
    return None


def _same_title(text: str, title: str, ctx: _Context) -> bool:
    if _norm(text) == _norm(title):
        return True
    bare = _strip_outlet_affix(text, ctx.outlets) if ctx.outlets is not None else None
    return bare is not None and _norm(bare) == _norm(title)


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
    names = any(w[:1].isupper() for w in _words(text)[1:])
    if pos == 0 or len(_words(text)) > TAGLINE_MAX_WORDS or names or re.search(r"\d|[\"“”«»]", text):
        return False
    return any(is_anchor(j) for j in doc.order[pos + 1 : pos + 4])


def _find_anchor(doc: _Lines, ctx: _Context, declared: str | None) -> tuple[int | None, str | None]:
    """Walk the header: return (line index, title text) of the headline, marking header lines."""

    def anchor_text(j: int) -> str | None:
        if declared is not None:
            return declared if _same_title(doc.texts[j], declared, ctx) else None
        return _title_candidate(doc.texts[j], doc.reasons[j], ctx)

    pending: list[int] = []
    taglines: set[int] = set()
    for pos, i in enumerate(doc.order):
        found = anchor_text(i)
        if found is not None:
            _mark_header(doc, pending, taglines, anchored=True)
            return i, found
        if doc.reasons[i] is not None:
            continue
        if _paragraph_like(doc.texts[i]):
            if _tagline_ahead(doc, pos, lambda j: anchor_text(j) is not None):
                taglines.add(i)
                pending.append(i)
                continue
            break
        pending.append(i)
    _mark_header(doc, pending, taglines, anchored=False)
    return None, None


def _mark_header(doc: _Lines, pending: list[int], taglines: set[int], *, anchored: bool) -> None:
    for i in pending:
        text = doc.texts[i]
        if i in taglines:
            doc.reasons[i] = TAGLINE
        elif _short_label(text):
            doc.reasons[i] = NAVIGATION
        elif anchored:
            doc.reasons[i] = HEADER


def _mark_repeats(doc: _Lines, title: str, ctx: _Context, after: int) -> None:
    for i in doc.after(after):
        if doc.reasons[i] in (None, SITE_SIGNATURE, CAPTION) and _same_title(doc.texts[i], title, ctx):
            doc.reasons[i] = REPEATED_TITLE


def _mark_lead_labels(doc: _Lines, anchor: int) -> None:
    """Section labels between the headline and the first paragraph ("World", "Politics")."""
    for i in doc.after(anchor):
        text, reason = doc.texts[i], doc.reasons[i]
        if reason is not None:
            continue
        if not _short_label(text, CRUMB_SEGMENT_MAX_WORDS):
            return
        doc.reasons[i] = NAVIGATION


def _related_headline(text: str, prev_reason: str | None) -> bool:
    if _is_terminal(text) or not _headline_like(text):
        return False
    n, ratio = len(_words(text)), _title_case_ratio(text)
    if ratio >= TITLE_CASE_RATIO and n >= RELATED_MIN_WORDS:
        return True
    if ratio >= TITLE_CASE_RATIO and n >= RELATED_AFTER_CAPTION_MIN_WORDS and prev_reason in (
        CAPTION, PHOTO_CREDIT,
    ):  # fmt: skip
        return True
    return bool(":" in text and _QUESTION_SHAPE.match(text) and ratio >= 0.6 and n >= 5)


def _mark_related(doc: _Lines, start: int) -> None:
    prev: str | None = None
    for i in doc.order:
        reason = doc.reasons[i]
        if i > start and reason is None and _related_headline(doc.texts[i], prev):
            doc.reasons[i] = RELATED_HEADLINE
        prev = doc.reasons[i]


def _footer_like(text: str, ctx: _Context) -> bool:
    if not _has_letters(text) or text.rstrip().endswith(":"):
        return True  # comment counts, "Follow us on:", "... at the following addresses:"
    if ctx.outlets is not None and ctx.outlets.search(text) and not _is_terminal(text):
        return True
    return len(_words(text)) <= FOOTER_MAX_WORDS and not _is_terminal(text)


def _mark_footer(doc: _Lines, stop: int, ctx: _Context) -> None:
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
        if doc.reasons[i] is None and not _has_letters(doc.texts[i]):
            doc.reasons[i] = UI_STRING  # separators and stray numbers ("***", "0") inside the page


# --- assembly -------------------------------------------------------------------------------------
def _continues(prev: str, text: str) -> bool:
    """`text` goes on the sentence of the line above it (hard-wrapped text, no blank line between)."""
    if _is_terminal(prev) or prev.endswith(":"):
        return False
    long_line = len(_words(prev)) >= PARAGRAPH_MIN_WORDS
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


def _split_lines(raw: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", raw)


def clean_scraped_text(raw: str, *, outlet_names: Sequence[str] = (), title: str | None = None) -> CleanText:
    """Split scraped text into story paragraphs and dropped lines (each with a reason); find the title.

    `outlet_names`: names and aliases of known outlets, to recognise site signatures and caption tails.
    `title`: a declared title (from metadata); lines equal to it are dropped as "repeated-title" and no
    title is searched for.
    """
    lines = _split_lines(raw)
    texts = [_visible(line) for line in lines]
    doc = _Lines(texts=texts, reasons=[None] * len(lines), order=[i for i, t in enumerate(texts) if t])
    ctx = _context([texts[i] for i in doc.order], outlet_names)
    for i in doc.order:
        doc.reasons[i] = _classify_line(texts[i], ctx)
        if doc.reasons[i] in (CAPTION, PHOTO_CREDIT):
            ctx.caption_texts.append(_norm(texts[i]))

    declared = title.strip() if title and title.strip() else None
    anchor, found = _find_anchor(doc, ctx, declared)
    if anchor is not None:
        doc.reasons[anchor] = REPEATED_TITLE if declared else TITLE
        _mark_lead_labels(doc, anchor)
    if declared or found:
        _mark_repeats(doc, declared or found or "", ctx, after=-1 if declared else (anchor or 0))
    start = anchor if anchor is not None else -1
    _mark_related(doc, start)
    _mark_footer(doc, start, ctx)
    _mark_letterless(doc)

    dropped = [DroppedLine(i + 1, lines[i], doc.reasons[i]) for i in doc.order if doc.reasons[i] is not None]
    return CleanText(title=declared or found, text="\n\n".join(_paragraphs(doc)), dropped=dropped)
