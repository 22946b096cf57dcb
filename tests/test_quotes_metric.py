"""The statements benchmark harness: PolNeAR brat reading, the speech/belief cue filter and the scoring.

All data here is hand-made; the real dev set is only read by bench/quotes_eval.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from rashomon.types import Span, Statement
from tests.helpers import load_bench_module

polnear = load_bench_module("polnear")
quotes_eval = load_bench_module("quotes_eval")
Gold = polnear.GoldAttribution

TEXT = "Smith said the talks failed; “We will go on,” she added. Jones thinks peace is near."
ANN = (
    "T1\tSource 0 5\tSmith\n"
    "T2\tCue 6 10\tsaid\n"
    "T3\tContent 11 27\tthe talks failed\n"
    "T4\tAttribution 6 10\tsaid\n"
    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    "T5\tContent 29 43;44 45\t“We will go on ”\n"
    "T6\tCue 50 55\tadded\n"
    "T7\tAttribution-no-source 50 55\tadded\n"
    "E2\tAttribution-no-source:T7 Content:T5 Cue:T6\n"
    "T8\tSource 57 62\tJones\n"
    "T9\tCue 63 69\tthinks\n"
    "T10\tContent 70 83\tpeace is near\n"
    "T11\tContent 84 85\tx\n"
    "T12\tAttribution 63 69\tthinks\n"
    "E3\tAttribution:T12 Content:T10 Cue:T9 Content2:T11 Source:T8\n"
    "T13\tDiscard 0 5\tSmith\n"
    "E4\tAttribution-no-source:T13\n"
)


def gold(
    content: tuple[Span, ...],
    cue: tuple[Span, ...] = (),
    source: tuple[Span, ...] = (),
    cue_class: str = "speech",
    direct: bool = False,
) -> object:
    return Gold("E", content, cue, source, cue_class=cue_class, direct=direct)


def said(content: Span, cue: Span | None = None, source: Span | None = None) -> Statement:
    return Statement(content=content, cue=cue, source=source, mode="indirect")


# --- brat reading -------------------------------------------------------------------------------------


def test_parse_spans_reads_discontinuous_fragments() -> None:
    assert polnear.parse_spans("29 43;44 45") == ((29, 43), (44, 45))
    assert polnear.parse_spans("6 10") == ((6, 10),)


def test_entities_keep_type_spans_and_text_even_with_semicolons_in_the_text() -> None:
    entities = polnear.parse_entities("T1\tContent 0 9;10 12\tfailed; it\n")
    assert entities["T1"] == polnear.Entity("T1", "Content", ((0, 9), (10, 12)), "failed; it")


def test_e_lines_link_source_cue_and_content_in_any_order() -> None:
    attributions, without_content = polnear.parse_attributions(ANN)
    assert [a.id for a in attributions] == ["E1", "E2", "E3"]
    first = attributions[0]
    assert (first.source, first.cue, first.content, first.cue_text) == (
        ((0, 5),),
        ((6, 10),),
        ((11, 27),),
        "said",
    )
    assert without_content == 1  # E4 has a trigger only


def test_missing_source_gives_an_empty_source_and_numbered_roles_merge() -> None:
    attributions, _ = polnear.parse_attributions(ANN)
    assert attributions[1].source == ()
    assert attributions[1].content == ((29, 43), (44, 45))
    assert attributions[2].content == ((70, 83), (84, 85))  # Content + Content2, in text order


def test_load_article_scores_the_first_annotator_and_checks_offsets(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a_story.txt").write_text(TEXT + "x", encoding="utf-8")
    (tmp_path / "attributions" / "a_story_b2.ann").write_text("", encoding="utf-8")
    (tmp_path / "attributions" / "a_story_a1.ann").write_text(ANN, encoding="utf-8")
    [article] = polnear.load_polnear(tmp_path)
    assert (article.name, article.annotator, article.annotators) == ("a_story", "a1", ("a1", "b2"))
    assert article.misaligned == 0
    assert [a.direct for a in article.attributions] == [False, True, False]


def test_a_bom_or_crlf_that_the_offsets_do_not_count_is_dropped() -> None:
    entities = polnear.parse_entities("T1\tCue 6 10\tsaid\nT2\tContent 11 13\tno\n")
    text, bad = polnear.read_text("\ufeffSmith said\r\nno".encode(), entities)
    assert (text, bad) == ("Smith said\nno", 0)
    text, bad = polnear.read_text(b"Smith said it", entities)
    assert (text, bad) == ("Smith said it", 1)


# --- speech versus belief -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lemmas", "text", "expected"),
    [
        (("say",), "said", "speech"),
        (("tell",), "told", "speech"),
        (("have", "deny"), "has denied", "speech"),
        (("accord", "to"), "according to", "speech"),
        (("in", "a", "statement"), "in a statement", "speech"),
        ((":",), ":", "speech"),
        (("―",), "―", "speech"),
        (("appear", "to", "suggest"), "appeared to suggest", "speech"),
        (("continue", "to", "call", "for"), "continued to call for", "speech"),
        (("think",), "thinks", "belief"),
        (("want",), "wants", "belief"),
        (("believe",), "believes", "belief"),
        (("hope",), "hopes", "belief"),
        (("fear",), "fears", "belief"),
        (("plan",), "plans", "belief"),
        (("continue", "to", "support"), "continued to support", "belief"),
        (("show",), "shows", "evidence"),
        (("know", "as"), "known as", "other"),
        (("lift",), "lifted", "other"),
    ],
)
def test_cues_are_classified_by_lemma(lemmas: tuple[str, ...], text: str, expected: str) -> None:
    assert polnear.classify_cue(lemmas, text) == expected


def test_cue_lemmas_are_read_from_the_tokens_under_the_cue_spans() -> None:
    doc = Doc(
        spacy.blank("en").vocab, words=["Smith", "has", "said", "it"], lemmas=["Smith", "have", "say", "it"]
    )
    assert polnear.cue_lemmas(doc, [(6, 9), (10, 14)]) == ("have", "say")


# --- scoring ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("end", "matched"), [(29, 0), (30, 1)])
def test_loose_match_needs_30_percent_of_the_gold_content(end: int, matched: int) -> None:
    scores = quotes_eval.score({"d": [gold(((0, 100),))]}, {"d": [said((0, end))]})
    assert scores.counts.matched == matched


@pytest.mark.parametrize(("span", "matched"), [((0, 6), 1), ((5, 10), 0), ((8, 22), 0), ((4, 22), 1)])
def test_discontinuous_gold_content_counts_all_its_fragments(span: Span, matched: int) -> None:
    scores = quotes_eval.score({"d": [gold(((0, 10), (20, 30)))]}, {"d": [said(span)]})
    assert scores.counts.matched == matched  # 6/20, 5/20, (2 + 2)/20, (6 + 2)/20 of the 20 characters


def test_matching_is_one_to_one() -> None:
    scores = quotes_eval.score({"d": [gold(((0, 10),))]}, {"d": [said((0, 10)), said((0, 9))]})
    assert (scores.counts.matched, scores.precision, scores.recall) == (1, 0.5, 1.0)
    scores = quotes_eval.score({"d": [gold(((0, 10),)), gold(((10, 20),))]}, {"d": [said((0, 20))]})
    assert (scores.counts.matched, scores.precision, scores.recall) == (1, 1.0, 0.5)


def test_greedy_matching_prefers_the_best_covered_pair() -> None:
    pairs = quotes_eval.match([((0, 10),), ((10, 20),)], [(0, 20), (0, 8)])
    # (0, 20) covers both golds fully and (0, 8) 80% of the first: greedy pairs the full cover with
    # gold 0 first, so (0, 8) is left over. Greedy by coverage, as customary, not a maximum matching.
    assert [(p.gold, p.predicted) for p in pairs] == [(0, 0)]
    pairs = quotes_eval.match([((0, 10),), ((10, 20),)], [(0, 20), (12, 20)])
    assert [(p.gold, p.predicted) for p in pairs] == [(0, 0), (1, 1)]


def test_f1_precision_and_recall_over_documents() -> None:
    golds = {"a": [gold(((0, 10),)), gold(((20, 30),))], "b": [gold(((0, 10),))]}
    predicted = {"a": [said((0, 10)), said((40, 50))], "c": [said((0, 5))]}
    scores = quotes_eval.score(golds, predicted)
    assert (scores.docs, scores.counts.gold, scores.counts.predicted, scores.counts.matched) == (3, 3, 3, 1)
    assert scores.precision == scores.recall == pytest.approx(1 / 3, abs=1e-4)
    assert scores.f1 == pytest.approx(1 / 3, abs=1e-4)


def test_speaker_agreement_counts_overlapping_sources_and_sets_aside_gold_without_one() -> None:
    golds = {"d": [
        gold(((10, 20),), source=((0, 5),)),
        gold(((30, 40),), source=((21, 25),)),
        gold(((50, 60),), source=()),
        gold(((70, 80),), source=()),
    ]}  # fmt: skip
    predicted = {"d": [
        said((10, 20), source=(3, 8)),  # overlaps the gold source: agrees
        said((30, 40), source=None),  # no source: disagrees
        said((50, 60), source=None),  # gold without source, prediction without too
        said((70, 80), source=(62, 66)),  # gold without source, prediction names one
    ]}  # fmt: skip
    scores = quotes_eval.score(golds, predicted)
    assert (scores.speaker.hits, scores.speaker.total, scores.speaker.rate) == (1, 2, 0.5)
    assert (scores.counts.gold_without_source, scores.counts.both_without_source) == (2, 1)


def test_cue_agreement_needs_a_shared_character() -> None:
    golds = {"d": [gold(((10, 20),), cue=((5, 9),)), gold(((30, 40),), cue=((25, 29),)), gold(((50, 60),))]}
    predicted = {
        "d": [said((10, 20), cue=(8, 9)), said((30, 40), cue=(29, 30)), said((50, 60), cue=(45, 49))]
    }
    scores = quotes_eval.score(golds, predicted)
    assert (scores.cue.hits, scores.cue.total) == (1, 2)  # the third gold has no cue: not comparable


def test_unscored_gold_classes_are_left_out_and_predictions_on_them_ignored() -> None:
    golds = {"d": [gold(((0, 10),)), gold(((20, 30),), cue_class="belief")]}
    predicted = {"d": [said((0, 10)), said((20, 30)), said((40, 50))]}
    scores = quotes_eval.score(golds, predicted)
    assert (scores.counts.gold, scores.counts.predicted, scores.counts.ignored) == (1, 2, 1)
    assert (scores.precision, scores.recall, scores.precision_with_ignored) == (0.5, 1.0, 0.3333)
    both = quotes_eval.score(golds, predicted, keep=frozenset({"speech", "belief"}))
    assert (both.counts.gold, both.counts.matched, both.counts.ignored) == (2, 2, 0)


def test_exact_match_trims_quotes_and_punctuation_when_the_text_is_given() -> None:
    text = "She said: “We will go on.” Then left."
    golds = {"d": [gold(((10, 26),))]}  # “We will go on.”
    predicted = {"d": [said((11, 24))]}  # We will go on
    assert quotes_eval.score(golds, predicted).counts.exact == 0
    scores = quotes_eval.score(golds, predicted, texts={"d": text})
    assert (scores.counts.exact, scores.exact_f1) == (1, 1.0)


def test_recall_is_split_by_direct_and_indirect_gold() -> None:
    golds = {"d": [gold(((0, 10),), direct=True), gold(((20, 30),)), gold(((40, 50),))]}
    scores = quotes_eval.score(golds, {"d": [said((0, 10)), said((20, 30))]})
    assert (scores.recall_direct.hits, scores.recall_direct.total) == (1, 1)
    assert (scores.recall_indirect.hits, scores.recall_indirect.total) == (1, 2)


def test_no_predictions_and_no_gold_score_zero_without_dividing_by_zero() -> None:
    scores = quotes_eval.score({}, {})
    assert (scores.precision, scores.recall, scores.f1, scores.speaker.rate) == (0.0, 0.0, 0.0, None)


# --- running an extractor -----------------------------------------------------------------------------


def test_an_extractor_is_loaded_from_a_file_and_its_crashes_are_reported(tmp_path: Path) -> None:
    source = tmp_path / "fake.py"
    source.write_text(
        "def extract(doc):\n    if len(doc) > 2:\n        raise ValueError('too long')\n    return []\n",
        encoding="utf-8",
    )
    extractor = quotes_eval.load_extractor(f"{source}:extract")
    vocab = spacy.blank("en").vocab
    articles = [
        polnear.Article("short", "a", ("a",), "Hi there", ()),
        polnear.Article("long", "a", ("a",), "Hi there you", ()),
    ]
    docs = [Doc(vocab, words=["Hi", "there"]), Doc(vocab, words=["Hi", "there", "you"])]
    predicted, seconds, failures = quotes_eval.extract_all(extractor, articles, docs)
    assert predicted == {"short": [], "long": []}
    assert failures == [{"article": "long", "error": "ValueError: too long"}]
    assert seconds >= 0


@pytest.mark.slow
def test_the_command_scores_a_tiny_hand_made_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = tmp_path / "bench"
    (bench / "text").mkdir(parents=True)
    (bench / "attributions").mkdir()
    (bench / "text" / "a_story.txt").write_text(TEXT + "x", encoding="utf-8")
    (bench / "attributions" / "a_story_a1.ann").write_text(ANN, encoding="utf-8")
    fake = tmp_path / "fake.py"
    fake.write_text(
        "from rashomon.types import Statement\n"
        "def extract(doc):\n"
        "    return [Statement(content=(11, 27), cue=(6, 10), source=(0, 5), mode='indirect')]\n",
        encoding="utf-8",
    )
    out = tmp_path / "quotes.json"
    code = quotes_eval.main(["--bench-dir", str(bench), "--extractor", f"{fake}:extract", "--out", str(out)])
    assert code == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["gold_by_class"] == {"speech": 2, "evidence": 0, "belief": 1, "other": 0}
    assert result["scores"]["counts"]["matched"] == 1
    assert (result["scores"]["precision"], result["scores"]["recall"]) == (1.0, 0.5)
    assert result["scores"]["speaker"]["rate"] == result["scores"]["cue"]["rate"] == 1.0
    assert "extractor / spaCy" in capsys.readouterr().out


def test_a_missing_benchmark_is_reported_not_crashed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert quotes_eval.main(["--bench-dir", str(tmp_path / "absent")]) == 2
    assert "not found" in capsys.readouterr().err


def test_bad_options_and_an_unloadable_extractor_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "attributions" / "a_story_a1.ann").write_text(ANN, encoding="utf-8")
    bench = ["--bench-dir", str(tmp_path)]
    assert quotes_eval.main([*bench, "--classes", "speech,rumour"]) == 2
    assert "--classes" in capsys.readouterr().err
    assert quotes_eval.main([*bench, "--extractor", "no_such_module_here:extract"]) == 2
    assert "cannot load the extractor" in capsys.readouterr().err
