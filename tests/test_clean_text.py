"""Cleaning of scraped plain text: unit tests per rule (short invented lines) and the seed articles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rashomon.clean import text as ct
from rashomon.clean.text import clean_scraped_text
from rashomon.types import CleanText

OUTLET = ("Daily Gazette", "Gazette Online")
PARA_1 = "The army said on Sunday that it had repelled an attack on a base in the north of the country."
PARA_2 = "The attackers suffered heavy losses, a military spokesman told reporters at a briefing in the city."
PARA_3 = "Both sides have accused each other of breaking the truce agreed in the spring, residents said."
HEADLINE = "Army says it repelled attack on northern base"


def _clean(*lines: str, outlets=OUTLET, title=None) -> CleanText:
    return clean_scraped_text("\n\n".join(lines), outlet_names=outlets, title=title)


def _reasons(result: CleanText) -> dict[str, str]:
    return {d.text.strip(): d.reason for d in result.dropped}


def _kept(result: CleanText) -> list[str]:
    return result.text.split("\n\n") if result.text else []


def _assert_accounted(raw: str, result: CleanText) -> None:
    """Every non-empty raw line is either dropped (once, with its line number) or kept in the text."""
    lines = re.split(r"\r\n|\r|\n", raw)
    numbers = [d.line_no for d in result.dropped]
    assert len(numbers) == len(set(numbers))
    for d in result.dropped:
        assert lines[d.line_no - 1] == d.text
        assert d.reason in ct.REASONS
    kept = [line for no, line in enumerate(lines, 1) if line.strip() and no not in numbers]
    for line in kept:
        assert " ".join(line.split()) in result.text
    assert len(kept) + len(numbers) == sum(1 for line in lines if line.strip())


# --- title and header -----------------------------------------------------------------------------
def test_title_found_and_header_dropped():
    r = _clean("Home > World > Africa", "World", HEADLINE, PARA_1, PARA_2)
    assert r.title == HEADLINE
    assert _reasons(r) == {"Home > World > Africa": "navigation", "World": "navigation", HEADLINE: "title"}
    assert _kept(r) == [PARA_1, PARA_2]


def test_tagline_before_title_dropped():
    tagline = "Your daily source of news, views and analysis from all over the world."
    r = _clean("- Daily Gazette", "World", tagline, HEADLINE, PARA_1)
    reasons = _reasons(r)
    assert reasons["- Daily Gazette"] == "site-signature"
    assert reasons[tagline] == "tagline"
    assert r.title == HEADLINE


def test_short_opening_paragraph_not_taken_for_tagline():
    opening = "Fighting broke out near Lakeside on Monday, the governor said."
    r = _clean("News / World", opening, "Talks stall in the capital", PARA_1)
    assert r.title is None
    assert _kept(r) == [opening, "Talks stall in the capital", PARA_1]


def test_text_without_title_keeps_everything():
    r = _clean(PARA_1, "Talks stall in the capital", PARA_2)
    assert r.title is None
    assert r.dropped == []
    assert _kept(r) == [PARA_1, "Talks stall in the capital", PARA_2]


def test_hard_wrapped_first_line_is_no_title():
    first = "ARDEN - A blast at a market killed at least twelve people, including at"
    r = clean_scraped_text(f"{first}\nleast four children, officials said on Sunday.\n\n{PARA_2}")
    assert r.title is None
    assert _kept(r) == [f"{first} least four children, officials said on Sunday.", PARA_2]


def test_headline_followed_by_a_capitalised_line_stays_a_title():
    r = clean_scraped_text(f"{HEADLINE}\n{PARA_1}\n\n{PARA_2}")
    assert r.title == HEADLINE


def test_repeated_title_and_title_with_outlet_suffix():
    r = _clean(f"{HEADLINE} - Daily Gazette", HEADLINE, PARA_1)
    assert r.title == HEADLINE
    assert [d.reason for d in r.dropped] == ["title", "repeated-title"]


def test_declared_title_drops_copies_and_searches_nothing():
    other = "Garrison commander praises troops after night raid"
    r = _clean("World", HEADLINE, other, PARA_1, HEADLINE, title=HEADLINE)
    assert r.title == HEADLINE
    reasons = _reasons(r)
    assert [d.reason for d in r.dropped if d.text == HEADLINE] == ["repeated-title", "repeated-title"]
    assert reasons["World"] == "navigation"
    assert other in _kept(r)
    assert "title" not in reasons.values()


# --- story lines kept -----------------------------------------------------------------------------
def test_sentence_case_subheading_kept():
    r = _clean(HEADLINE, PARA_1, "Talks stall in the capital", PARA_2)
    assert "Talks stall in the capital" in _kept(r)


def test_quoted_subheading_kept():
    r = _clean(HEADLINE, PARA_1, "‘Heavy losses’", PARA_2, '"We will not retreat"', PARA_3)
    assert "‘Heavy losses’" in _kept(r)
    assert '"We will not retreat"' in _kept(r)


def test_short_title_case_subheading_kept():
    r = _clean(HEADLINE, PARA_1, "Talks Stall in the Capital", PARA_2)
    assert "Talks Stall in the Capital" in _kept(r)


def test_body_paragraph_mentioning_outlet_kept():
    line = "The minister told the Daily Gazette on Monday that the talks would resume next week."
    quote = "Daily Gazette quoted the governor as saying"
    r = _clean(HEADLINE, PARA_1, line, quote + " that the road had reopened.", PARA_2)
    assert line in _kept(r)
    assert r.dropped == [d for d in r.dropped if d.reason == "title"]


def test_hard_wrapped_paragraph_rejoined():
    first, second = "The army said on Sunday that it had repelled an attack on", "the base in the north."
    r = clean_scraped_text(f"{HEADLINE}\n\n{first}\n{second}\n")
    assert _kept(r) == [f"{first} {second}"]


# --- junk lines -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("News / World", "navigation"),
        ("Home › Regions › Africa", "navigation"),
        ("WorldEuropeAsia", "navigation"),
        ("Regional News - Local News - Gazette Online", "site-signature"),
        ("Daily Gazette News App", "site-signature"),
        ("Daily Gazette’s website can also be reached at these mirror addresses:", "site-signature"),
        ("Subscribe", "ui-string"),
        ("Back to top button", "ui-string"),
        ("Share on Facebook", "ui-string"),
        ("5 min read", "ui-string"),
        ("To participate in the discussion", "comment-widget"),
        ("log in or register", "comment-widget"),
        ("12 Comments", "comment-widget"),
        ("We use cookies to improve your experience on our site.", "cookie-notice"),
        ("ADVERTISEMENT", "advertisement"),
        ("Read also: Rebel Leaders Reject New Ceasefire Plan", "related-headline"),
        ("© Agency Photo / Jane DoeSoldiers stand guard at a checkpoint, March 3, 2021", "caption"),
        ("The governor at a news conference in the capital (Photo by AFP)", "caption"),
        ("In this photo taken on Monday, soldiers patrol the border crossing near the town", "caption"),
        ("Soldiers patrol the border crossing, Monday, March 2, 2021 - Daily Gazette", "caption"),
        ("Photo: John Smith/Reuters", "photo-credit"),
        ("Khalid Omar/AFP via Getty Images", "photo-credit"),
        ("By Jane Doe", "byline"),
        ("Published: March 3, 2021 10:45 GMT", "date-line"),
        ("© 2021 Daily Gazette. All rights reserved.", "footer"),
    ],
)
def test_junk_line_reason(line, reason):
    r = _clean(HEADLINE, PARA_1, line, PARA_2, PARA_3)
    assert _reasons(r).get(line) == reason, r.dropped
    assert _kept(r) == [PARA_1, PARA_2, PARA_3]


def test_related_title_case_headline_after_caption_dropped():
    caption = "Soldiers patrol the border crossing near the town - Daily Gazette"
    related = "Why Border Talks Keep Failing"
    r = _clean(HEADLINE, PARA_1, caption, related, PARA_2)
    assert _reasons(r) == {HEADLINE: "title", caption: "caption", related: "related-headline"}


def test_long_title_case_headline_in_body_dropped():
    related = "Rebel Leaders Say They Will Not Sign Any Deal Without Guarantees"
    r = _clean(HEADLINE, PARA_1, related, PARA_2)
    assert _reasons(r)[related] == "related-headline"


def test_caption_printed_twice_dropped():
    first = "© Agency Photo / Jane DoeSoldiers stand guard at a checkpoint near the river crossing"
    second = "Soldiers stand guard at a checkpoint near the river crossing - Some Site"
    r = _clean(HEADLINE, first, second, PARA_1, outlets=())
    assert _reasons(r)[second] == "caption"


def test_footer_block_dropped():
    r = _clean(HEADLINE, PARA_1, PARA_2, "Follow the latest on:", "Newsfeed", "0", "Terms", "Mobile apps")
    reasons = _reasons(r)
    assert reasons["Follow the latest on:"] == "footer"
    assert reasons["0"] == "footer"
    assert reasons["Terms"] == "footer"
    assert reasons["Newsfeed"] == "ui-string"
    assert _kept(r) == [PARA_1, PARA_2]


def test_foreign_script_ui_dropped():
    r = _clean(HEADLINE, PARA_1, "Подробнее о материале", PARA_2, "اقرأ التفاصيل")
    reasons = _reasons(r)
    assert reasons["Подробнее о материале"] == "foreign-script"
    assert reasons["اقرأ التفاصيل"] == "foreign-script"


def test_sentence_in_another_script_kept():
    cyrillic = "Армия заявила в воскресенье, что отразила нападение на базу на севере страны."
    r = _clean(HEADLINE, PARA_1, cyrillic, PARA_2)
    assert cyrillic in _kept(r)


def test_bilingual_text_keeps_both_scripts():
    ru_para = "Армия заявила в воскресенье, что отразила нападение на базу на севере страны."
    ru_heading = "Тяжёлые потери"
    r = _clean(HEADLINE, PARA_1, ru_para, ru_heading, ru_para.replace("север", "юг"), PARA_2)
    assert ru_heading in _kept(r)


def test_every_line_accounted_for_exactly_once():
    raw = "\r\n".join(
        [
            "News / World",
            "",
            HEADLINE,
            "Photo: John Smith/Reuters",
            PARA_1,
            "   ",
            "‘Heavy losses’",
            "The attackers suffered heavy losses, a spokesman said  after the",
            "attack on the base.",
            "Subscribe",
            PARA_3,
            "Заголовок материала",
            "0",
        ]
    )
    r = clean_scraped_text(raw, outlet_names=OUTLET)
    _assert_accounted(raw, r)
    assert r.dropped[0].line_no == 1
    assert {d.line_no: d.reason for d in r.dropped}[3] == "title"


def test_boilerplate_data_reasons_are_known():
    bp = ct.load_boilerplate()
    reasons = {*bp.line.values(), *bp.label.values(), *bp.start.values(), *(r for _, r in bp.contains)}
    assert reasons <= ct.REASONS
    assert bp.line["subscribe"] == "ui-string"


# --- seed articles ------------------------------------------------------------------------------
SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"
# Outlet names and aliases, as the outlets data pack would pass them (longest first).
SEED_OUTLETS = (
    "Sputnik International",
    "Baghdad Post",
    "Baghdadpost",
    "Press TV",
    "TRThaber",
    "Sputnik",
    "TASS",
)
# Line number (1-based) of each seed's headline, read off the seed files.
TITLE_LINE = {"000": 3, "001": 3, "002": 5, "003": 3, "004": 3}
# Short sentence-case or quoted sub-headings inside the story.
SUBHEADING_LINES = {"002": (28, 40), "004": (27,)}
STORY_END = re.compile(r"""[.!?…]["'”’»)]*$|["'”’»]$""")


def _seed(prefix: str) -> list[str]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (the shared checkout is absent)")
    paths = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip(f"no seed file {prefix}_*.txt in {SEEDS}")
    return paths[0].read_text(encoding="utf-8").split("\n")


def _run_seed(prefix: str, outlets=SEED_OUTLETS) -> tuple[list[str], CleanText, dict[int, str]]:
    lines = _seed(prefix)
    result = clean_scraped_text("\n".join(lines), outlet_names=outlets)
    return lines, result, {d.line_no: d.reason for d in result.dropped}


def _line_no(lines: list[str], pattern: str) -> list[int]:
    return [no for no, line in enumerate(lines, 1) if re.search(pattern, line)]


@pytest.mark.parametrize("outlets", [SEED_OUTLETS, ()], ids=["outlets", "no-outlets"])
@pytest.mark.parametrize("prefix", sorted(TITLE_LINE))
def test_seed_title_found_and_no_story_paragraph_lost(prefix, outlets):
    lines, result, dropped = _run_seed(prefix, outlets)
    title_no = TITLE_LINE[prefix]
    assert result.title == lines[title_no - 1].strip()
    assert dropped[title_no] == "title"
    _assert_accounted("\n".join(lines), result)
    for no, line in enumerate(lines, 1):
        story = no > title_no and len(line.split()) >= 12 and STORY_END.search(line.strip())
        if story:
            assert no not in dropped, (no, dropped.get(no))
            assert " ".join(line.split()) in result.text
    for no in SUBHEADING_LINES.get(prefix, ()):
        assert len(lines[no - 1].split()) <= 6 and not re.search(r"[.!?]\W*$", lines[no - 1])
        assert no not in dropped, (no, dropped.get(no))


def test_seed_000_navigation_caption_and_alternate_address_footer():
    lines, _, dropped = _run_seed("000")
    assert dropped[1] == "navigation"
    assert [dropped[no] for no in _line_no(lines, r"\(Photo by ")] == ["caption"]
    (addresses,) = _line_no(lines, r"addresses:\s*$")
    assert dropped[addresses] == "site-signature"
    last = max(no for no, line in enumerate(lines, 1) if line.strip())
    assert dropped[last] == "site-signature"
    _, _, bare = _run_seed("000", outlets=())
    assert bare[addresses] == "footer" and bare[last] == "footer"


def test_seed_001_section_labels_and_back_to_top():
    lines, _, dropped = _run_seed("001")
    assert dropped[1] == "navigation"
    assert [dropped[no] for no in _line_no(lines, r"^Back to top button$")] == ["ui-string"]


def test_seed_002_captions_widgets_and_foreign_script():
    lines, result, dropped = _run_seed("002")
    assert dropped[1] == "site-signature"
    assert dropped[2] == "navigation"
    assert dropped[3] == "tagline"
    assert [dropped[no] for no in _line_no(lines, r"^Subscribe$")] == ["ui-string"]
    copyright_lines = _line_no(lines, "©")
    assert copyright_lines and all(dropped[no] == "caption" for no in copyright_lines)
    assert dropped[copyright_lines[0] + 1] == "caption"  # the same caption again with a site tail
    (frame_grab,) = _line_no(lines, r"^In this frame grab")
    assert dropped[frame_grab] == "caption"
    assert dropped[frame_grab + 1] == "related-headline"
    assert [dropped[no] for no in _line_no(lines, r"[А-Яа-я]")] == ["foreign-script"]
    assert dropped[_line_no(lines, r"^To participate in the discussion$")[0]] == "comment-widget"
    assert dropped[_line_no(lines, r"^log in or register$")[0]] == "comment-widget"
    assert dropped[_line_no(lines, r"^0$")[0]] == "footer"
    last_story = max(no for no, line in enumerate(lines, 1) if STORY_END.search(line.strip()))
    tail = [no for no in range(last_story + 1, len(lines) + 1) if lines[no - 1].strip()]
    assert tail and all(no in dropped for no in tail)
    # A paragraph naming an outlet (the Turkish broadcaster quoted) is story text, not a signature.
    assert all(no not in dropped for no in _line_no(lines, r"TRThaber quoted"))
    assert "TRThaber" in result.text


def test_seed_003_outlet_in_dateline_kept():
    lines, _, dropped = _run_seed("003")
    assert dropped[1] == "navigation"
    outlet_lines = _line_no(lines, r"TASS")
    assert outlet_lines and all(no not in dropped for no in outlet_lines)
    assert set(dropped) == {1, TITLE_LINE["003"]}


def test_seed_004_signature_and_repeated_title():
    lines, _, dropped = _run_seed("004")
    assert dropped[1] == "site-signature"
    assert lines[4].strip() == lines[2].strip()
    assert dropped[5] == "repeated-title"
    assert set(dropped) == {1, 3, 5}


def test_date_label_glued_to_the_first_words_is_not_story_text() -> None:
    raw = (
        " date 2021-08-28 Blast hits the crowd at the airport gate as a bomber strikes on Thursday.\n\n"
        "Officials said thirteen soldiers died and many civilians were killed near the gate."
    )
    clean = clean_scraped_text(raw)
    assert clean.text.startswith("Blast hits the crowd")
    assert "2021-08-28" not in clean.text
