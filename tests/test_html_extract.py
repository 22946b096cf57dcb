"""HTML main-text extraction on small hand-written pages, and the extraction benchmark's metric."""

from __future__ import annotations

import logging
import socket

import pytest

from rashomon.clean.html import NO_TEXT, extract_html
from rashomon.errors import InputError
from tests.helpers import load_bench_module

metric = load_bench_module("extraction_metric")

STORY = [
    "Turkish officials said on Thursday that an observation post near the town had come under "
    "artillery fire overnight, and that two soldiers were wounded in the attack.",
    "The defence ministry in Ankara said it had informed Moscow of the coordinates of the post weeks "
    "earlier and demanded that the shelling stop at once.",
    "A spokesperson for the Russian defence ministry said the fire had come from armed groups in the "
    "area, and that Russian aircraft had struck their positions in response.",
    "Residents reported that the shelling continued into the morning, with several houses damaged "
    "and roads to the south closed to traffic.",
]


def page(
    *,
    head: str = "",
    body_extra_top: str = "",
    body_extra_bottom: str = "",
    paragraphs: list[str] = STORY,
) -> str:
    story = "".join(f"<p>{text}</p>" for text in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Post shelled near Idlib | Example News</title>
{head}</head>
<body>
<header><nav><ul>
  <li><a href="/">Home</a></li><li><a href="/world">World news and analysis</a></li>
  <li><a href="/subscribe">Subscribe to our newsletter today</a></li>
</ul></nav></header>
{body_extra_top}
<main><article>
<h1>Post shelled near Idlib</h1>
{story}
</article></main>
{body_extra_bottom}
<footer><p>Copyright Example News Group. All rights reserved. Terms of use and privacy policy.</p>
<ul><li><a href="/about">About us and our editorial standards</a></li></ul></footer>
</body></html>"""


def test_title_and_main_text_kept() -> None:
    result = extract_html(page(), location="a.html")
    assert result.title is not None and "Post shelled near Idlib" in result.title
    for paragraph in STORY:
        assert paragraph in result.text


def test_paragraphs_separated_by_blank_lines() -> None:
    result = extract_html(page(), location="a.html")
    blocks = result.text.split("\n\n")
    for paragraph in STORY:
        assert paragraph in blocks
    assert "\n\n\n" not in result.text


def test_navigation_and_footer_dropped() -> None:
    related = (
        '<aside class="related"><h3>Related stories</h3><ul>'
        '<li><a href="/1">Markets fall as oil prices climb again</a></li>'
        '<li><a href="/2">Ten things to know before the weekend</a></li></ul></aside>'
    )
    result = extract_html(page(body_extra_bottom=related), location="a.html")
    for junk in ("Subscribe to our newsletter", "World news and analysis", "All rights reserved",
                 "editorial standards", "Markets fall as oil prices", "Ten things to know"):  # fmt: skip
        assert junk not in result.text


def test_site_name_and_canonical_url_read() -> None:
    head = (
        '<meta property="og:site_name" content="Example News">'
        '<link rel="canonical" href="https://news.example.com/world/2020/02/post-shelled">'
    )
    result = extract_html(page(head=head), location="a.html", url="file:///tmp/a.html")
    assert result.site_name == "Example News"
    assert result.url == "https://news.example.com/world/2020/02/post-shelled"


def test_og_url_read() -> None:
    head = '<meta property="og:url" content="https://news.example.com/story/123">'
    result = extract_html(page(head=head), location="a.html")
    assert result.url == "https://news.example.com/story/123"


def test_given_url_kept_when_page_declares_none() -> None:
    result = extract_html(page(), location="a.html", url="https://news.example.com/x")
    assert result.url == "https://news.example.com/x"
    assert extract_html(page(), location="a.html").url is None


def test_meta_date_read() -> None:
    head = '<meta property="article:published_time" content="2020-02-20T09:15:00+03:00">'
    result = extract_html(page(head=head), location="a.html")
    assert result.metadata_date == "2020-02-20"


def test_published_date_preferred_over_modified() -> None:
    head = (
        '<meta property="article:modified_time" content="2020-03-05T10:00:00Z">'
        '<meta property="article:published_time" content="2020-02-20T09:15:00Z">'
    )
    assert extract_html(page(head=head), location="a.html").metadata_date == "2020-02-20"


def test_no_date_guessed_from_free_text() -> None:
    # no date markup at all: a date in running text or a copyright line is not taken as the
    # publication date (htmldate's opportunistic text search is off); it stays unknown
    extra = "<div class='widget'>Today is Monday 3 March 2025. © 2024 Example News</div>"
    result = extract_html(page(body_extra_top=extra), location="a.html")
    assert result.metadata_date is None


def test_no_body_raises_input_error_naming_location() -> None:
    html = "<html><head><title>Nothing here</title><meta charset='utf-8'></head></html>"
    with pytest.raises(InputError) as info:
        extract_html(html, location="feeds/empty.html")
    assert info.value.location == "feeds/empty.html"
    assert info.value.reason == NO_TEXT
    assert str(info.value).startswith("feeds/empty.html: ")


def test_script_only_page_raises_input_error() -> None:
    html = (
        "<html><head><title>App</title><script>var x = 1; function f() { return x + 1; }</script></head>"
        "<body><script>document.write('Loading the latest news for you, please wait');</script>"
        "<noscript></noscript></body></html>"
    )
    with pytest.raises(InputError, match=r"^x\.html: "):
        extract_html(html, location="x.html")


@pytest.mark.parametrize("html", ["", "   \n ", "<html></html>", "<html><body>  </body></html>"])
def test_empty_pages_raise_input_error(html: str) -> None:
    with pytest.raises(InputError):
        extract_html(html, location="e.html")


def test_never_opens_a_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("extract_html tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    head = '<link rel="canonical" href="https://news.example.com/world/2020/02/20/post-shelled">'
    result = extract_html(page(head=head), location="a.html", url="https://news.example.com/a")
    assert STORY[0] in result.text


def test_library_logging_kept_quiet() -> None:
    for name in ("trafilatura", "htmldate"):
        assert logging.getLogger(name).getEffectiveLevel() >= logging.ERROR


# --- the benchmark metric ------------------------------------------------------------------------


def test_tokens_and_shingles() -> None:
    assert metric.tokens("Ankara's post, hit-twice!") == ["Ankara", "s", "post", "hit", "twice"]
    assert metric.shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    # repeated shingles are counted
    assert metric.shingles("x y z w x y z w")[("x", "y", "z", "w")] == 2
    # fewer than 4 tokens: one short shingle; no token: no shingle
    assert metric.shingles("two words") == {("two", "words"): 1}
    assert metric.shingles(" ,. ") == {}
    assert metric.shingles(None) == {}


def test_identical_texts_score_one() -> None:
    page_score = metric.score_page("one two three four five", "one two  three\nfour five")
    assert (page_score.tp, page_score.fp, page_score.fn) == (1.0, 0.0, 0.0)
    assert page_score.precision == page_score.recall == 1.0


def test_partial_overlap_is_normalised_per_page() -> None:
    # truth shingles: (a b c d), (b c d e); prediction: (a b c d), (b c d x)
    page_score = metric.score_page("a b c d e", "a b c d x")
    assert page_score.tp == pytest.approx(1 / 3)
    assert page_score.fp == pytest.approx(1 / 3)
    assert page_score.fn == pytest.approx(1 / 3)
    assert page_score.precision == pytest.approx(0.5)
    assert page_score.recall == pytest.approx(0.5)


def test_counts_matter() -> None:
    # the prediction repeats the article: half of its shingles are surplus
    page_score = metric.score_page("p q r s", "p q r s p q r s")
    # prediction shingles: pqrs x2, qrsp, rspq, spqr -> tp 1, fp 4, fn 0
    assert page_score.precision == pytest.approx(1 / 5)
    assert page_score.recall == pytest.approx(1.0)


def test_short_texts() -> None:
    assert metric.score_page("Yes", "Yes").precision == 1.0
    assert metric.score_page("Yes indeed", "Yes").recall == 0.0


def test_empty_prediction_counts_for_recall_only() -> None:
    empty = metric.score_page("a b c d e", "")
    assert empty.precision is None and empty.recall == 0.0
    good = metric.score_page("a b c d e", "a b c d e")
    scores = metric.aggregate([empty, good])
    assert scores.precision == pytest.approx(1.0)  # the empty page is not in the precision mean
    assert scores.recall == pytest.approx(0.5)
    assert scores.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert scores.pages == 2


def test_empty_truth_counts_for_precision_only() -> None:
    spurious = metric.score_page("", "some words that are not there")
    assert spurious.recall is None and spurious.precision == 0.0
    both_empty = metric.score_page("", "")
    assert both_empty.precision is None and both_empty.recall is None
    scores = metric.aggregate([spurious, both_empty, metric.score_page("a b c d", "a b c d")])
    assert scores.precision == pytest.approx(0.5)
    assert scores.recall == pytest.approx(1.0)


def test_pages_weigh_the_same_and_f1_is_of_the_means() -> None:
    long_truth = " ".join(f"w{i}" for i in range(1000))
    pages = [
        metric.score_page(long_truth, long_truth),  # precision 1, recall 1
        metric.score_page("a b c d e", "a b c d x"),  # precision 0.5, recall 0.5
        metric.score_page("a b c d", "a b c d junk more junk here"),  # precision 0.2, recall 1
    ]
    scores = metric.aggregate(pages)
    assert scores.precision == pytest.approx((1 + 0.5 + 0.2) / 3)
    assert scores.recall == pytest.approx((1 + 0.5 + 1) / 3)
    p, r = scores.precision, scores.recall
    assert scores.f1 == pytest.approx(2 * p * r / (p + r))


def test_evaluate_treats_missing_prediction_as_empty() -> None:
    scores = metric.evaluate({"x": "a b c d", "y": "e f g h"}, {"x": "a b c d"})
    assert scores.precision == pytest.approx(1.0)
    assert scores.recall == pytest.approx(0.5)
