"""Position-independent rules for scraped-text lines: each line is judged on its own text.

A rule returns a reason code (see `rashomon.clean.text`) or None. The rules see a `DocumentContext`:
the generic UI phrases of ``rashomon/data/boilerplate.json``, the caller's outlet names, the scripts the
document is written in and the captions seen so far. The line shapes (headline, paragraph, label) are
shared with the position-dependent passes of `rashomon.clean.text`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rashomon.clean.reasons import (
    BYLINE,
    CAPTION,
    CAPTION_REASONS,
    DATE_LINE,
    FOOTER,
    FOREIGN_SCRIPT,
    NAVIGATION,
    PHOTO_CREDIT,
    REASONS,
    SITE_SIGNATURE,
)
from rashomon.language_data import load_language_data
from rashomon.word_check import RequiredWords

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
# A line of 40+ words is story prose even when its end is cut off or tokenised ('... right . \'\''):
# page furniture (signatures, footers) is never that long.
PROSE_MIN_WORDS = 40
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
_CLOSING = "\"'”’»)]"
# Patterns that open on a whitespace run take it only from where it starts, (?<!\s): tried from every
# space of a long run, each attempt would scan the rest of it (quadratic; a 20,000-space line took 7 s).
_CRUMB_SEP = re.compile(r"(?:(?<!\s)\s+)?(?:/|\||>|»|›|\\|•|·)\s*")
_DASH_SEP = re.compile(r"(?<!\s)\s+[-–—]\s+")
_TAIL_SEP = re.compile(r"(?:(?<!\s)\s+)?[-–—|]\s*$")
# " - " and one to four words closing a line (a site or credit tail). Words are split by required
# whitespace: with "\S+\s*" a long word could be cut in any number of ways (catastrophic backtracking).
_SHORT_TAIL = re.compile(r"(?<!\s)\s+[-–—|]\s+(?:\S+\s+){0,3}\S+\s*$")
_CAMEL = re.compile(r"[a-z][A-Z]")
_CALENDAR = load_language_data("calendar")
_DATING = load_language_data("dating")
_STAMP_WORDS = _DATING["date_stamp_words"]
_PAGE_WORDS = load_language_data("page_lines")


def _words(words: Sequence[str]) -> str:
    """A case-insensitive alternation of whole words, longest first (patterns below use re.I)."""
    return "|".join(re.escape(w.lower()) for w in sorted(words, key=len, reverse=True))


def _literal(words: Sequence[str]) -> str:
    """An alternation of the words as written, in the data's order (the order decides between
    alternatives that both match)."""
    return "|".join(re.escape(w) for w in words)


_MONTH = rf"(?:{_words([w for month in _CALENDAR['months'] for w in month])})\.?"
_WEEKDAY_WORDS = _words([w for weekday in _CALENDAR["weekdays"] for w in weekday])
_ORDINAL = "|".join(_CALENDAR["ordinal_suffixes"])
_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:{_ORDINAL})?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\b",
    re.I,
)
_DATE_TAIL = re.compile(rf"(?:{_DATE.pattern})\W*$", re.I)
# A date-stamp line holds a date, times, time zones, weekday names and a few stamp words ("Updated").
_STAMP_FILLER = re.compile(
    rf"\b(?:\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?|{_words(_STAMP_WORDS)}|"
    rf"{_literal(_DATING['time_zones'])}|"
    rf"{_WEEKDAY_WORDS})\b",
    re.I,
)
_PICTURE = _literal(_PAGE_WORDS["caption_nouns"])
_IN_THIS = re.compile(
    rf"^(?:(?:{_literal(_PAGE_WORDS['caption_leads'])})\s+)?(?:{_literal(_PAGE_WORDS['caption_demonstratives'])})"
    rf"\s+(?:\w+\s+){{0,2}}(?:{_PICTURE})s?\b",
    re.I,
)
_PAREN_PHOTO_WORDS = _literal(_PAGE_WORDS["parenthesised_photo_words"])
_PHOTO_PAREN = re.compile(rf"\([^()]*\b(?:{_PAREN_PHOTO_WORDS})s?\b[^()]*\)\W*$", re.I)
_CREDIT_AGENT = _literal(_PAGE_WORDS["credit_agents"])
_PHOTO_LABEL = re.compile(
    rf"^(?:{_literal(_PAGE_WORDS['credit_labels'])})s?\s*(?::|(?:{_CREDIT_AGENT})\b)",
    re.I,
)
_COPYRIGHT = _literal(_PAGE_WORDS["copyright_words"])
_COPYRIGHT_FOOTER = re.compile(rf"©\s*(?:\d{{4}}|{_COPYRIGHT})|(?:{_COPYRIGHT})\s*©", re.I)
# Case-sensitive, so that the names after the byline word must be capitalised; the word itself may
# be written in lower, UPPER or Title case.
_BY = _literal([c for w in _PAGE_WORDS["byline_words"] for c in dict.fromkeys((w, w.upper(), w.title()))])
_AND = _literal(_PAGE_WORDS["byline_conjunctions"])
_BYLINE = re.compile(rf"^(?:{_BY})\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,3}}(?:\s*(?:,|{_AND}|&)\s+.*)?$")
_WEB_WORDS = re.compile(rf"\b(?:{_literal(_PAGE_WORDS['web_words'])})\b", re.I)


# --- small text helpers ---------------------------------------------------------------------------
def word_count(text: str) -> int:
    return len(text.split())


def is_terminal(text: str) -> bool:
    """Ends like a sentence: '.', '!', '?' or '…', possibly inside closing quotes or brackets."""
    return bool(_TERMINAL.search(text))


def norm(text: str) -> str:
    """Case-folded, quote-straightened, space-collapsed, with punctuation and bullets trimmed."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return re.sub(r"\s+", " ", folded).strip(_TRIM)


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _is_quoted(text: str) -> bool:
    return text[:1] in "\"'‘“«" or text[-1:] in _CLOSING


def _script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return "UNKNOWN"


_SCRIPT_OF: dict[str, str] = {}  # letter -> script (`_script`), filled as letters are met


def _scripts(text: str) -> Counter[str]:
    """Letters per script, scripts in the order their first letter appears (ties of `most_common`
    keep that order). Counted per distinct character, then summed per script."""
    counts: Counter[str] = Counter()
    for ch, n in Counter(text).items():
        if ch.isalpha():
            script = _SCRIPT_OF.get(ch)
            if script is None:
                script = _SCRIPT_OF.setdefault(ch, _script(ch))
            counts[script] += n
    return counts


# --- line shapes ----------------------------------------------------------------------------------
def _crumb_segments(text: str) -> list[str]:
    parts = _CRUMB_SEP.split(text)
    if len(parts) < 2:
        parts = _DASH_SEP.split(text)
    return [p.strip() for p in parts if p.strip(_TRIM)]


def crumb_like(text: str, max_words: int = CRUMB_SEGMENT_MAX_WORDS) -> bool:
    """Two or more short segments joined by separators or dashes ("World - Local News")."""
    segments = _crumb_segments(text)
    return len(segments) >= 2 and all(word_count(s) <= max_words for s in segments)


def headline_like(text: str) -> bool:
    words = text.split()
    if not HEADLINE_MIN_WORDS <= len(words) <= HEADLINE_MAX_WORDS or crumb_like(text):
        return False
    if text.rstrip(_CLOSING).endswith((".", "…", ":", ";", ",")) or _DATE_TAIL.search(text):
        return False
    first = next((ch for ch in text if ch.isalpha()), "")
    if first.islower() or re.search(r"[a-z]{3,}[.!?]\s+[A-Z]", text):  # lower-case start, or two sentences
        return False
    # Three-word lines need a lower-case word: "Middle East News" is a label, "Truce collapses again" not.
    return len(words) > HEADLINE_MIN_WORDS or any(w[:1].islower() for w in words)


def paragraph_like(text: str) -> bool:
    n = word_count(text)
    return n > HEADLINE_MAX_WORDS or (n >= PARAGRAPH_MIN_WORDS and is_terminal(text))


def short_label(text: str, max_words: int = LABEL_MAX_WORDS) -> bool:
    return word_count(text) <= max_words and not is_terminal(text) and not _is_quoted(text)


def outlet_tail(text: str, outlets: NamePattern | None) -> str | None:
    """The text before a ' - Outlet' (or '| Outlet') ending, when there is enough of it for a caption."""
    if outlets is None:
        return None
    for m in outlets.finditer(text):
        if text[m.end() :].strip():
            continue
        head = _TAIL_SEP.sub("", text[: m.start()])
        if head != text[: m.start()] and word_count(head) >= HEADLINE_MIN_WORDS:
            return head.strip()
    return None


# --- data file ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Boilerplate:
    """Generic UI phrases by match mode, each mapped to a reason code."""

    line: dict[str, str]
    label: dict[str, str]
    start: dict[str, str]
    contains: tuple[tuple[str, str], ...]
    photo_agencies: tuple[str, ...]
    # (phrase, its pattern, reason) of `label` (the phrase then a separator) and `start` (the
    # phrase as a whole word), compiled once, in the data's order.
    label_patterns: tuple[tuple[str, re.Pattern[str], str], ...] = ()
    start_patterns: tuple[tuple[re.Pattern[str], str], ...] = ()


def _phrase_map(groups: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for reason, phrases in groups.items():
        if reason not in REASONS:
            raise ValueError(f"boilerplate.json: unknown reason code {reason!r}")
        for phrase in phrases:
            out.setdefault(norm(phrase), reason)
    return out


@lru_cache(maxsize=1)
def load_boilerplate() -> Boilerplate:
    raw = json.loads(resources.files("rashomon").joinpath("data/boilerplate.json").read_text("utf-8"))
    label, start = _phrase_map(raw["label"]), _phrase_map(raw["start"])
    return Boilerplate(
        line=_phrase_map(raw["line"]),
        label=label,
        start=start,
        contains=tuple(_phrase_map(raw["contains"]).items()),
        photo_agencies=tuple(raw["photo_agencies"]),
        label_patterns=tuple(
            (phrase, re.compile(rf"{re.escape(phrase)}\s*[:|>»\-–—]"), reason)
            for phrase, reason in label.items()
        ),
        start_patterns=tuple(
            (re.compile(rf"{re.escape(phrase)}(?!\w)"), reason) for phrase, reason in start.items()
        ),
    )


# --- per-document context -------------------------------------------------------------------------
def _name_pattern(names: Sequence[str]) -> NamePattern | None:
    """One regex for all names, longest first; short all-caps names (acronyms) match case-sensitively.
    Built once per set of names (every document brings the same outlet names)."""
    return _names_pattern(tuple(names))


@lru_cache(maxsize=8)
def _names_pattern(names: tuple[str, ...]) -> NamePattern | None:
    parts = []
    ordered = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
    for name in ordered:
        body = r"\s+".join(re.escape(w) for w in name.split())
        exact = name.isupper() and len(name) <= 4
        parts.append(body if exact else f"(?i:{body})")
    if not parts:
        return None
    return NamePattern(re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)"), ordered)


class NamePattern:
    r"""`_name_pattern`'s regex, searched only in texts that hold the words one of the names needs
    (`rashomon.word_check`: the names match only as a whole, (?<!\w) and (?!\w), their words joined by
    \s+): most lines hold none, whereas the alternation of hundreds of names is otherwise tried at
    every word."""

    def __init__(self, pattern: re.Pattern[str], names: Sequence[str]) -> None:
        self.pattern = pattern
        self._required = RequiredWords(name.split() for name in names)

    def could_match(self, text: str) -> bool:
        """False only where the regex cannot match."""
        return self._required.could_match_text(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text) if self.could_match(text) else iter(())

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.could_match(text) else None

    def match(self, text: str) -> re.Match[str] | None:
        return self.pattern.match(text) if self.could_match(text) else None


@dataclass
class DocumentContext:
    bp: Boilerplate
    outlets: NamePattern | None
    credits: NamePattern | None  # photo agencies and outlets
    main_script: str | None
    script_share: dict[str, float]
    caption_texts: list[str] = field(default_factory=list)  # normalised, in document order

    def find_outlet(self, text: str) -> re.Match[str] | None:
        return self.outlets.search(text) if self.outlets is not None else None


def document_context(lines: Sequence[str], outlet_names: Sequence[str]) -> DocumentContext:
    bp = load_boilerplate()
    counts = _scripts("\n".join(lines))
    total = sum(counts.values()) or 1
    return DocumentContext(
        bp=bp,
        outlets=_name_pattern(outlet_names),
        credits=_name_pattern([*bp.photo_agencies, *outlet_names]),
        main_script=counts.most_common(1)[0][0] if counts else None,
        script_share={s: n / total for s, n in counts.items()},
    )


# --- line rules; each returns a reason or None ----------------------------------------------------
def _rule_boilerplate(text: str, ctx: DocumentContext) -> str | None:
    key = norm(text)
    uncounted = re.sub(r"^\d[\d,.]*\s+", "", key)  # "12 comments", "5 min read"
    for candidate in (key, uncounted):
        if candidate in ctx.bp.line:
            return ctx.bp.line[candidate]
    for phrase, pattern, reason in ctx.bp.label_patterns:
        if key == phrase or pattern.match(key):
            return reason
    if word_count(text) <= START_MAX_WORDS:
        for pattern, reason in ctx.bp.start_patterns:
            if pattern.match(key):
                return reason
    return next((reason for phrase, reason in ctx.bp.contains if phrase in key), None)


def _rule_foreign_script(text: str, ctx: DocumentContext) -> str | None:
    counts = _scripts(text)
    letters = sum(counts.values())
    if not letters or ctx.main_script is None:
        return None
    other, n = max(((s, c) for s, c in counts.items() if s != ctx.main_script), default=(None, 0),
                   key=lambda sc: sc[1])  # fmt: skip
    main_share = counts.get(ctx.main_script, 0) / letters
    if main_share >= FOREIGN_LINE_SHARE or n < 2 or paragraph_like(text):
        return None  # a whole sentence in another script may be a quote in the original: kept
    return FOREIGN_SCRIPT if ctx.script_share.get(other, 0.0) < BILINGUAL_DOC_SHARE else None


def _rule_caption(text: str, ctx: DocumentContext) -> str | None:
    n_words = word_count(text)
    credit_or_caption = PHOTO_CREDIT if n_words <= CREDIT_MAX_WORDS else CAPTION
    if "©" in text:
        return FOOTER if _COPYRIGHT_FOOTER.search(text) else credit_or_caption
    if _PHOTO_LABEL.match(text):
        return credit_or_caption
    if _IN_THIS.match(text) or _PHOTO_PAREN.search(text):
        return CAPTION
    if ctx.credits is not None and _has_credit(text, ctx.credits):
        return credit_or_caption
    head = outlet_tail(text, ctx.outlets)
    if head and not crumb_like(head):
        return CAPTION  # "<picture description> - Outlet"
    if not is_terminal(text) and n_words >= CREDIT_MAX_WORDS and _DATE_TAIL.search(text):
        return CAPTION  # wire-photo style: "..., Wednesday, Feb. 12, 2020"
    return None


def _has_credit(text: str, credits: NamePattern) -> bool:
    """'Jane Doe/Agency', 'Agency/Getty', 'Agency photo', '(Agency)' at the end of a non-sentence."""
    for m in credits.finditer(text):
        before, after = text[: m.start()].rstrip(), text[m.end() :].strip()
        if before.endswith("/") and (not after.strip(".)") or re.match(r"(?i)via\b", after)):
            return True
        agency_first = after[:1] == "/" or re.match(r"(?i)photos?\b", after)
        if agency_first and (not before or before.endswith(("(", "|", ":"))):
            return True
        if before.endswith("(") and after.rstrip(".") == ")" and not is_terminal(text.rstrip(".")):
            return True
    return False


def _rule_byline(text: str, ctx: DocumentContext) -> str | None:
    return BYLINE if _BYLINE.match(text) and word_count(text) <= 12 and not is_terminal(text) else None


def _rule_date_line(text: str, ctx: DocumentContext) -> str | None:
    if word_count(text) > 10 or not (_DATE.search(text) or re.search(r"\b\d{1,2}[:.]\d{2}\b", text)):
        return None
    rest = _STAMP_FILLER.sub(" ", _DATE.sub(" ", text))
    return DATE_LINE if not has_letters(rest) else None


def _rule_signature(text: str, ctx: DocumentContext) -> str | None:
    """A non-sentence line built around an outlet name; story sentences naming it are kept."""
    m = ctx.find_outlet(text)
    if m is None or is_terminal(text) or word_count(text) >= PROSE_MIN_WORDS:
        return None
    other = [w for w in (text[: m.start()] + " " + text[m.end() :]).split() if has_letters(w)]
    little_else = len(other) <= SIGNATURE_MAX_OTHER_WORDS or text.rstrip().endswith(":")
    if little_else or _WEB_WORDS.search(text) or crumb_like(text, LABEL_MAX_WORDS):
        return SITE_SIGNATURE
    return None


def _rule_navigation(text: str, ctx: DocumentContext) -> str | None:
    if is_terminal(text) or _is_quoted(text):
        return None
    words = text.split()
    if any(len(_CAMEL.findall(w)) >= 2 for w in words) and len(words) <= 6:
        return NAVIGATION  # concatenated section labels: "WorldEuropeAsia"
    dashed = len(_CRUMB_SEP.split(text)) < 2
    # Dash-joined pairs ("Turkey - Russia talks") may be sub-headings; dashed crumbs need 3 parts.
    if dashed and len(_crumb_segments(text)) < 3:
        return None
    if re.match(r"^\s*[/|>»›]\s*\S", text) and len(words) <= LABEL_MAX_WORDS:
        return NAVIGATION  # "» World"
    return NAVIGATION if crumb_like(text) else None


def _repeated_caption(text: str, ctx: DocumentContext) -> str | None:
    """A caption printed twice (once with a credit, once with a site tail) is still a caption."""
    core = norm(_SHORT_TAIL.sub("", text))
    if len(core.split()) < 5 or is_terminal(text):
        return None
    return CAPTION if any(core in seen for seen in ctx.caption_texts) else None


_Rule = Callable[[str, DocumentContext], "str | None"]
# Order matters: specific reasons first, so "©" footers are not captions and outlet captions are not
# signatures; a caption seen before is checked last.
LINE_RULES: tuple[_Rule, ...] = (
    _rule_boilerplate,
    _rule_caption,
    _rule_byline,
    _rule_date_line,
    _rule_signature,
    _rule_navigation,
    _rule_foreign_script,
    _repeated_caption,
)


def classify_line(text: str, ctx: DocumentContext) -> str | None:
    """The first reason a rule finds for this line; captions are remembered for later lines."""
    reason = next(filter(None, (rule(text, ctx) for rule in LINE_RULES)), None)
    if reason in CAPTION_REASONS:
        ctx.caption_texts.append(norm(text))
    return reason
