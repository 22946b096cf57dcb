"""Every export kind declared once (export contract in GUIDE.md): fields in JSONL order, their types,
whether they may be null and the store column each is read from.

Adding a field to a kind: declare it here (and, when it is stored, in the model with a migration and
in the rows of `rashomon.article_rows`); the JSONL, CSV and Parquet exports follow. Tests check that
these declarations and the store's tables agree (tests/test_record_spec.py).
"""

from __future__ import annotations

from rashomon.records.spec import Field, Group, Json, KindSpec, ListOf, Scalar, col, computed

STR, INT, FLOAT, BOOL, TIME = Scalar.STR, Scalar.INT, Scalar.FLOAT, Scalar.BOOL, Scalar.TIME
SPAN, STRINGS = ListOf(INT), ListOf(STR)
OBJECTS, TALLY = Json(), Json(tally=True)

KIND = computed("kind", STR, nullable=False)
ID = col("id", STR, nullable=False)
COMPUTED_ID = computed("id", STR, nullable=False)
ARTICLE_ID = col("article_id", STR, nullable=False)
START_END = ("start", "end")
# The model that analysed the article, given by the article for each of its records.
MODEL = computed("model", Group((computed("name", STR), computed("version", STR))))


def party(name: str) -> Field:
    """An event's actor or target (columns `NAME_name`, `NAME_id`, ...): present when its name is known."""
    return Field(
        name,
        Group(
            (
                col("name", STR, f"{name}_name"),
                col("actor_id", STR, f"{name}_id"),
                col("country", STR, f"{name}_country"),
                col("sector", STR, f"{name}_sector"),
            ),
            optional=True,
        ),
    )


ARTICLE = KindSpec(
    "article",
    (
        KIND,
        ID,
        Field("source", Group((
            col("path", STR, "source_path", nullable=False),
            col("line", INT, "source_line"),
            col("url", STR, "source_url"),
            # When the copy was fetched (a WARC crawl time): published no later than this.
            col("retrieved_at", TIME),
        ))),
        col("title", STR),
        Field("outlet", Group((
            col("name", STR, "outlet_name"),
            col("domain", STR, "outlet_domain"),
            col("country", STR, "outlet_country"),
            col("affiliation", STR, "outlet_ownership"),
            col("speaks_for", STR, "outlet_speaks_for"),
            col("basis", STR, "outlet_basis"),
        ))),
        Field("published", Group((
            col("date", STR, "published_date"),
            col("precision", STR, "published_precision", nullable=False),
            col("basis", STR, "published_basis", nullable=False),
            col("not_before", STR, "published_not_before"),
            col("not_after", STR, "published_not_after"),
        ))),
        col("language", STR, nullable=False),
        col("text", STR, nullable=False),
        col("duplicate_of", STR),
        col("status", STR, nullable=False),
        col("status_reason", STR),
        Field("model", Group((col("name", STR, "model_name"), col("version", STR, "model_version")))),
        col("rashomon_version", STR, nullable=False),
        computed("format_version", INT, nullable=False),
    ),
    table="article",
    store_only=(
        "content_hash", "run_id", "created_at", "input_kind", "encoding", "language_confidence", "minhash",
        "sentence_count",
    ),
)  # fmt: skip

DROPPED_LINE = KindSpec(
    "dropped_line",
    (
        KIND,
        COMPUTED_ID,
        ARTICLE_ID,
        col("line", INT, "line_no", nullable=False),
        col("text", STR, nullable=False),
        col("reason", STR, nullable=False),
    ),
    table="dropped_line",
    store_only=("id",),
)

MENTION = KindSpec(
    "mention",
    (
        KIND,
        COMPUTED_ID,
        ARTICLE_ID,
        col("text", STR, nullable=False),
        col("label", STR, nullable=False),
        col("span", SPAN, START_END, nullable=False),
        MODEL,
    ),
    table="mention",
    store_only=("id",),
)

STATEMENT = KindSpec(
    "statement",
    (
        KIND,
        ID,
        ARTICLE_ID,
        Field("speaker", Group((
            col("name", STR, "speaker_name"),
            col("actor_id", STR, "speaker_actor_id"),
            col("country", STR, "speaker_country"),
            col("sector", STR, "speaker_sector"),
            col("role", STR, "speaker_role"),
            col("affiliation", STR, "speaker_affiliation"),
            col("kind", STR, "speaker_kind", nullable=False),
        ))),
        col("cue", STR),
        col("type", STR, "claim_type", nullable=False),
        col("mode", STR, nullable=False),
        computed("content", STR, nullable=False),  # the text its span covers
        col("span", SPAN, ("content_start", "content_end"), nullable=False),
        col("cue_span", SPAN, ("cue_start", "cue_end")),
        col("source_span", SPAN, ("source_start", "source_end")),
        col("date", STR, "said_on"),
        col("relayed_by", STR),
        col("target", STR),
        MODEL,
    ),
    table="statement",
)  # fmt: skip

ACTOR = KindSpec(
    "actor",
    (
        KIND,
        COMPUTED_ID,
        ARTICLE_ID,
        col("text", STR, nullable=False),
        col("span", SPAN, START_END, nullable=False),
        col("actor_id", STR, nullable=False),
        col("name", STR, nullable=False),
        col("country", STR),
        col("sector", STR),
        col("cameo", STR),
        col("link", STR, "kind", nullable=False),  # known | pattern | category | discovered
        col("label", STR),
    ),
    table="actor_mention",
    store_only=("id",),
)

PLACE = KindSpec(
    "place",
    (
        KIND,
        COMPUTED_ID,
        ARTICLE_ID,
        col("name", STR, nullable=False),
        col("span", SPAN, START_END, nullable=False),
        col("geonameid", INT),
        col("lat", FLOAT, nullable=False),
        col("lon", FLOAT, nullable=False),
        col("country", STR),
        col("kind_of_place", STR, "kind", nullable=False),
        col("precision", INT, nullable=False),
        col("resolved_name", STR, nullable=False),
        col("literal", BOOL, nullable=False),
    ),
    table="place",
    store_only=("id", "region"),  # region: read by reconcile
)

EVENT = KindSpec(
    "event",
    (
        KIND,
        ID,
        ARTICLE_ID,
        Field("plover", Group((
            col("type", STR, "plover_type", nullable=False),
            col("mode", STR, "plover_mode"),
        ))),
        # Present when an ACLED type applies.
        Field("acled", Group(
            (col("event_type", STR, "acled_event_type"), col("sub_event_type", STR, "acled_sub_event_type")),
            optional=True,
        )),
        party("actor"),
        party("target"),
        # Present when the event names a place.
        Field("location", Group((
            col("name", STR, "location_name"),
            col("geonameid", INT),
            col("lat", FLOAT),
            col("lon", FLOAT),
            col("country", STR, "location_country"),
            col("precision", INT, "location_precision"),
        ), optional=True)),
        Field("date", Group((
            col("value", STR, "date_value"),
            col("precision", STR, "date_precision", nullable=False),
        ))),
        col("fatalities", INT),
        col("injured", INT),
        col("reported_by", STR),  # statement id, or None: the outlet
        col("negated", BOOL, nullable=False),
        col("modality", STR, nullable=False),
        col("background", BOOL, nullable=False),
        col("trigger", STR, nullable=False),
        col("span", SPAN, START_END, nullable=False),
        MODEL,
    ),
    table="event",
)  # fmt: skip

AGREEMENT_MENTION = KindSpec(
    "agreement_mention",
    (
        KIND,
        ID,
        ARTICLE_ID,
        col("agreement_id", STR),
        col("text", STR, nullable=False),
        col("span", SPAN, START_END, nullable=False),
        col("family", STR, nullable=False),
        col("topic", STR),
        col("venue", STR),
        col("name", STR),
        Field("date", Group((
            col("text", STR, "date_text"),
            col("value", STR, "date_value"),
            col("precision", STR, "date_precision", nullable=False),
        ))),
        col("parties", OBJECTS, nullable=False, json_text=True),
        col("brokers", OBJECTS, nullable=False, json_text=True),
        col("provisions", STRINGS, nullable=False, json_text=True),
        col("made_by", STR),
        col("reported_by", STR),
        # The compliance claims made about it (the `compliance_claim` table).
        computed("claims", OBJECTS, nullable=False),
    ),
    table="agreement_mention",
    store_only=("instance", "head", "definite"),
)  # fmt: skip

AGREEMENT = KindSpec(
    "agreement",
    (
        KIND,
        ID,
        col("name", STR, nullable=False),
        col("date", STR, "date_value"),
        col("date_precision", STR, nullable=False),
        col("family", STR, nullable=False),
        col("topic", STR),
        col("venue", STR),
        col("parties", OBJECTS, nullable=False, json_text=True),
        col("brokers", OBJECTS, nullable=False, json_text=True),
        col("provisions", STRINGS, nullable=False, json_text=True),
        col("article_ids", STRINGS, nullable=False, json_text=True),
        computed("mentions", OBJECTS, nullable=False),
        computed("claims", OBJECTS, nullable=False),
    ),
    table="agreement",
)

# Who tells a story or an incident, which sides they stand for and who is silent (records.coverage):
# {outlets, sides, silent {outlets, sides}, measured}, made from the stored articles on export.
COVERAGE = computed("coverage", Json(), nullable=False)

STORY = KindSpec(
    "story",
    (
        KIND,
        ID,
        col("title", STR),
        computed("article_ids", STRINGS, nullable=False),  # from the `story_member` table
        computed("outlets", STRINGS, nullable=False),
        col("first", STR),
        col("last", STR),
        COVERAGE,
    ),
    table="story",
)

INCIDENT = KindSpec(
    "incident",
    (
        KIND,
        ID,
        col("event_ids", STRINGS, nullable=False, json_text=True),
        col("article_ids", STRINGS, nullable=False, json_text=True),
        col("outlets", STRINGS, nullable=False, json_text=True),
        col("plover_type", STR, nullable=False),
        col("date", STR),
        col("location", Group((
            computed("name", STR),
            computed("geonameid", INT),
            computed("country", STR),
            computed("admin1", STR),
            computed("kind", STR),
        ), optional=True), json_text=True),
        col("versions", OBJECTS, nullable=False, json_text=True),
        COVERAGE,
    ),
    table="incident",
)  # fmt: skip

FRAMING = KindSpec(
    "framing",
    (
        KIND,
        COMPUTED_ID,
        col("outlet", STR, nullable=False),
        col("actor_id", STR, nullable=False),
        col("actor_name", STR, nullable=False),
        col("sector", STR),
        col("mentions", INT, nullable=False),
        col("articles", INT, nullable=False),
        col("labels", TALLY, nullable=False, json_text=True),
        col("own_labels", TALLY, nullable=False, json_text=True),
        col("quoted_labels", TALLY, nullable=False, json_text=True),
        col("loaded_terms", TALLY, nullable=False, json_text=True),
        # The outlet's side (the state it speaks for, else its country), and the labels that set it
        # apart from the other outlets on the same stories: [{label, count, own, quoted, others, z}].
        col("side", STR),
        # The side the actor's labels count for (a state's bodies together: "RUS.MIL" counts for "RUS").
        computed("actor_side", STR),
        col("distinctive", OBJECTS, nullable=False, json_text=True),
    ),
    table="framing",
    store_only=("id",),
)

# A contradiction names an incident (`event_id`) or a `subject`, both from the `subject` column, never
# both in one record: the Parquet file has both columns.
CONTRADICTION = KindSpec(
    "contradiction",
    (
        KIND,
        ID,
        col("topic", STR, nullable=False),
        col("aspect", STR),
        computed("event_id", STR),
        col("subject", STR),
        col("sides", OBJECTS, nullable=False, json_text=True),
        col("summary", STR, nullable=False),
    ),
    table="contradiction",
)

# Made from the stored statements on export (reconcile.echo), not stored.
ECHO = KindSpec(
    "echo",
    (
        KIND,
        COMPUTED_ID,
        computed("outlet", STR, nullable=False),
        computed("speaker", STR, nullable=False),
        computed("actor_id", STR),
        computed("side", STR),
        computed("statements", INT, nullable=False),
        computed("articles", INT, nullable=False),
        computed("direct", INT, nullable=False),
        computed("relayed", INT, nullable=False),
        computed("claim_types", TALLY, nullable=False),
        computed("claims", INT, nullable=False),
        computed("answered", INT, nullable=False),
        computed("denied", INT, nullable=False),
    ),
)

# The export kinds in export order: per-article kinds, then those of the reconcile stage.
KIND_SPECS: dict[str, KindSpec] = {
    spec.name: spec
    for spec in (
        ARTICLE, DROPPED_LINE, MENTION, STATEMENT, ACTOR, PLACE, EVENT, AGREEMENT_MENTION,
        AGREEMENT, STORY, INCIDENT, FRAMING, CONTRADICTION, ECHO,
    )
}  # fmt: skip

# Store tables no kind reads row for row, and where their content goes instead.
UNEXPORTED_TABLES = {
    "run": "runs are shown by `rashomon info`, not exported",
    "input_failure": "failures are shown by `rashomon info`, not exported",
    "compliance_claim": "nested in agreement_mention and agreement records (`claims`)",
    "story_member": "a story's `article_ids`",
}
