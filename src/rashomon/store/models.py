"""SQLAlchemy 2 models. Schema changes go through a migration in `migrations/versions`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Run(Base):
    """One `analyze` invocation: what it read, what it added, what failed."""

    __tablename__ = "run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20))  # running | completed | interrupted
    inputs: Mapped[str] = mapped_column(Text)  # JSON list of the paths given
    model_name: Mapped[str] = mapped_column(String(100))
    model_version: Mapped[str] = mapped_column(String(40))
    rashomon_version: Mapped[str] = mapped_column(String(40))
    documents_read: Mapped[int] = mapped_column(Integer, default=0)
    articles_added: Mapped[int] = mapped_column(Integer, default=0)
    already_stored: Mapped[int] = mapped_column(Integer, default=0)

    failures: Mapped[list[InputFailure]] = relationship(back_populates="run", cascade="all, delete-orphan")


class InputFailure(Base):
    __tablename__ = "input_failure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"), index=True)
    location: Mapped[str] = mapped_column(Text)  # file, or file:line for JSONL
    reason: Mapped[str] = mapped_column(Text)

    run: Mapped[Run] = relationship(back_populates="failures")


class Article(Base):
    __tablename__ = "article"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the normalised input
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    source_path: Mapped[str] = mapped_column(Text)
    source_line: Mapped[int | None] = mapped_column(Integer)
    source_url: Mapped[str | None] = mapped_column(Text)
    # When the copy was fetched (naive UTC, like created_at): a WARC record's crawl time. An upper
    # bound on the publication date, never one itself.
    retrieved_at: Mapped[datetime | None] = mapped_column(DateTime)
    input_kind: Mapped[str] = mapped_column(String(10))  # text | html
    encoding: Mapped[str] = mapped_column(String(40))

    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)

    outlet_name: Mapped[str | None] = mapped_column(String(200), index=True)
    outlet_domain: Mapped[str | None] = mapped_column(String(200))
    outlet_country: Mapped[str | None] = mapped_column(String(2))
    outlet_ownership: Mapped[str | None] = mapped_column(String(20))
    outlet_speaks_for: Mapped[str | None] = mapped_column(String(2))
    outlet_basis: Mapped[str | None] = mapped_column(Text)

    published_date: Mapped[str | None] = mapped_column(String(10), index=True)
    published_precision: Mapped[str] = mapped_column(String(10))
    published_basis: Mapped[str] = mapped_column(Text)
    published_not_before: Mapped[str | None] = mapped_column(String(10))
    published_not_after: Mapped[str | None] = mapped_column(String(10))

    language: Mapped[str] = mapped_column(String(8))
    language_confidence: Mapped[float] = mapped_column(Float)

    # analysed | not-analysed (with status_reason: too short, unsupported language, ...)
    status: Mapped[str] = mapped_column(String(20))
    status_reason: Mapped[str | None] = mapped_column(Text)
    duplicate_of: Mapped[str | None] = mapped_column(ForeignKey("article.id", ondelete="SET NULL"))
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)

    model_name: Mapped[str | None] = mapped_column(String(100))
    model_version: Mapped[str | None] = mapped_column(String(40))
    rashomon_version: Mapped[str] = mapped_column(String(40))
    sentence_count: Mapped[int] = mapped_column(Integer, default=0)

    dropped_lines: Mapped[list[DroppedLineRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="DroppedLineRow.line_no"
    )
    mentions: Mapped[list[MentionRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="MentionRow.start"
    )
    statements: Mapped[list[StatementRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="StatementRow.content_start"
    )
    actor_mentions: Mapped[list[ActorMentionRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="ActorMentionRow.start"
    )
    places: Mapped[list[PlaceRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="PlaceRow.start"
    )
    agreement_mentions: Mapped[list[AgreementMentionRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="AgreementMentionRow.start"
    )
    compliance_claims: Mapped[list[ComplianceClaimRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="ComplianceClaimRow.cue_start"
    )
    events: Mapped[list[EventRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="EventRow.start"
    )


class DroppedLineRow(Base):
    """A raw line that cleaning removed, with its reason code (see rashomon.clean.text)."""

    __tablename__ = "dropped_line"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(40))

    article: Mapped[Article] = relationship(back_populates="dropped_lines")


class MentionRow(Base):
    """A named-entity mention found by the spaCy pipeline; `start`/`end` index `Article.text`."""

    __tablename__ = "mention"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)

    article: Mapped[Article] = relationship(back_populates="mentions")


class StatementRow(Base):
    """An attributed statement; every span indexes `Article.text`."""

    __tablename__ = "statement"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)  # "<article id>/st-<n>"
    article_id: Mapped[str] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(String(200))
    source_start: Mapped[int | None] = mapped_column(Integer)
    source_end: Mapped[int | None] = mapped_column(Integer)
    speaker_name: Mapped[str | None] = mapped_column(String(300), index=True)
    speaker_role: Mapped[str | None] = mapped_column(Text)
    speaker_affiliation: Mapped[str | None] = mapped_column(String(300))
    speaker_kind: Mapped[str] = mapped_column(String(20))
    speaker_actor_id: Mapped[str | None] = mapped_column(String(120), index=True)
    speaker_country: Mapped[str | None] = mapped_column(String(2))  # ISO alpha-2, coded as event parties
    speaker_sector: Mapped[str | None] = mapped_column(String(10))  # CAMEO sector, likewise
    mode: Mapped[str] = mapped_column(String(10))  # direct | indirect | mixed
    claim_type: Mapped[str] = mapped_column(String(20))
    relayed_by: Mapped[str | None] = mapped_column(String(300))
    target: Mapped[str | None] = mapped_column(Text)
    said_on: Mapped[str | None] = mapped_column(String(10))

    article: Mapped[Article] = relationship(back_populates="statements")

    @property
    def content(self) -> str:
        return self.article.text[self.content_start : self.content_end]


class ActorMentionRow(Base):
    """A mention linked to the actor knowledge base (or a discovered actor); spans index `Article.text`."""

    __tablename__ = "actor_mention"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[str] = mapped_column(String(120), index=True)
    name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(2))
    sector: Mapped[str | None] = mapped_column(String(20))
    cameo: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))  # known | pattern | category | discovered
    label: Mapped[str | None] = mapped_column(String(120))  # the term used, for framing

    article: Mapped[Article] = relationship(back_populates="actor_mentions")


class PlaceRow(Base):
    """A place-name mention resolved against the gazetteer; `start`/`end` index `Article.text`."""

    __tablename__ = "place"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))  # as written
    resolved_name: Mapped[str] = mapped_column(String(300))
    geonameid: Mapped[int | None] = mapped_column(Integer, index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    country: Mapped[str | None] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(40))
    precision: Mapped[int] = mapped_column(Integer)  # ACLED geo_precision
    literal: Mapped[bool] = mapped_column(Boolean)
    # First-level region, "CC.code" (e.g. "SY.09"), as resolved: "" for none (a country, a place
    # with no region); NULL for rows stored before migration 0008, whose region reconcile looks up.
    region: Mapped[str | None] = mapped_column(String(20), nullable=True)

    article: Mapped[Article] = relationship(back_populates="places")


class EventRow(Base):
    """A coded event (PLOVER, with ACLED types where they apply); spans index `Article.text`."""

    __tablename__ = "event"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)  # "<article id>/ev-<n>"
    article_id: Mapped[str] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    trigger: Mapped[str] = mapped_column(String(300))
    plover_type: Mapped[str] = mapped_column(String(20), index=True)
    plover_mode: Mapped[str | None] = mapped_column(String(40))
    acled_event_type: Mapped[str | None] = mapped_column(String(60))
    acled_sub_event_type: Mapped[str | None] = mapped_column(String(80))
    actor_name: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[str | None] = mapped_column(String(120), index=True)
    actor_country: Mapped[str | None] = mapped_column(String(2))
    actor_sector: Mapped[str | None] = mapped_column(String(20))
    target_name: Mapped[str | None] = mapped_column(Text)
    target_id: Mapped[str | None] = mapped_column(String(120), index=True)
    target_country: Mapped[str | None] = mapped_column(String(2))
    target_sector: Mapped[str | None] = mapped_column(String(20))
    location_name: Mapped[str | None] = mapped_column(String(300))
    geonameid: Mapped[int | None] = mapped_column(Integer)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    location_country: Mapped[str | None] = mapped_column(String(2))
    location_precision: Mapped[int | None] = mapped_column(Integer)
    date_value: Mapped[str | None] = mapped_column(String(40))
    date_precision: Mapped[str] = mapped_column(String(10))
    fatalities: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    negated: Mapped[bool] = mapped_column(Boolean)
    modality: Mapped[str] = mapped_column(String(20))
    reported_by: Mapped[str | None] = mapped_column(String(80))  # statement id, or None: the outlet
    background: Mapped[bool] = mapped_column(Boolean)

    article: Mapped[Article] = relationship(back_populates="events")


class AgreementMentionRow(Base):
    """An article's mention of an agreement, ceasefire or talks; mentions of one agreement in the
    article share `instance`; `agreement_id` links it across articles (set by the reconcile stage).
    `parties` and `brokers` are JSON lists of {name, actor_id, country}; `provisions` a JSON list."""

    __tablename__ = "agreement_mention"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)  # "<article id>/ag-<n>"
    article_id: Mapped[str] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    instance: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    head: Mapped[str] = mapped_column(String(40))
    family: Mapped[str] = mapped_column(String(20))  # ceasefire | agreement | talks
    topic: Mapped[str | None] = mapped_column(String(60))
    venue: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(300))
    definite: Mapped[bool] = mapped_column(Boolean)
    date_text: Mapped[str | None] = mapped_column(String(200))
    date_value: Mapped[str | None] = mapped_column(String(40))
    date_precision: Mapped[str] = mapped_column(String(10))
    parties: Mapped[str] = mapped_column(Text)
    brokers: Mapped[str] = mapped_column(Text)
    provisions: Mapped[str] = mapped_column(Text)
    made_by: Mapped[str | None] = mapped_column(String(40))
    reported_by: Mapped[str | None] = mapped_column(String(80))  # statement id, or None: the outlet
    agreement_id: Mapped[str | None] = mapped_column(String(80), index=True)

    article: Mapped[Article] = relationship(back_populates="agreement_mentions")


class ComplianceClaimRow(Base):
    """A claim that an agreement is kept or broken, with who is accused and who says so."""

    __tablename__ = "compliance_claim"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)  # "<article id>/cc-<n>"
    article_id: Mapped[str] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    mention_id: Mapped[str] = mapped_column(
        ForeignKey("agreement_mention.id", ondelete="CASCADE"), index=True
    )
    stance: Mapped[str] = mapped_column(String(10))  # broken | kept
    cue: Mapped[str] = mapped_column(String(100))
    cue_start: Mapped[int] = mapped_column(Integer)
    cue_end: Mapped[int] = mapped_column(Integer)
    accused_name: Mapped[str | None] = mapped_column(Text)
    accused_id: Mapped[str | None] = mapped_column(String(120))
    accused_country: Mapped[str | None] = mapped_column(String(2))
    statement_id: Mapped[str | None] = mapped_column(String(80))  # who says so; None: the outlet
    # who says so when the clause names them ("X and Y accused each other of violating it")
    accuser_name: Mapped[str | None] = mapped_column(Text)
    accuser_id: Mapped[str | None] = mapped_column(String(120))
    accuser_country: Mapped[str | None] = mapped_column(String(2))

    article: Mapped[Article] = relationship(back_populates="compliance_claims")


class AgreementRow(Base):
    """One agreement as the whole corpus speaks of it (rebuilt by the reconcile stage after each
    run): name, best-attested date, parties, brokers and provisions (JSON lists)."""

    __tablename__ = "agreement"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    family: Mapped[str] = mapped_column(String(20))
    topic: Mapped[str | None] = mapped_column(String(60))
    venue: Mapped[str | None] = mapped_column(String(200))
    date_value: Mapped[str | None] = mapped_column(String(40))
    date_precision: Mapped[str] = mapped_column(String(10))
    parties: Mapped[str] = mapped_column(Text)
    brokers: Mapped[str] = mapped_column(Text)
    provisions: Mapped[str] = mapped_column(Text)
    article_ids: Mapped[str] = mapped_column(Text)  # JSON list


class StoryRow(Base):
    """Articles about one developing situation; grown incrementally, never reshuffled."""

    __tablename__ = "story"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    first: Mapped[str | None] = mapped_column(String(10))  # ISO day
    last: Mapped[str | None] = mapped_column(String(10))


class StoryMemberRow(Base):
    """Which story an article belongs to (one each)."""

    __tablename__ = "story_member"

    article_id: Mapped[str] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), primary_key=True)
    story_id: Mapped[str] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"), index=True)


class IncidentRow(Base):
    """One real-world event as told across articles (rebuilt after each run); lists are JSON."""

    __tablename__ = "incident"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    plover_type: Mapped[str] = mapped_column(String(20))
    date: Mapped[str | None] = mapped_column(String(40))
    location: Mapped[str | None] = mapped_column(Text)  # JSON {name, geonameid, country, admin1, kind}
    event_ids: Mapped[str] = mapped_column(Text)
    article_ids: Mapped[str] = mapped_column(Text)
    outlets: Mapped[str] = mapped_column(Text)
    versions: Mapped[str] = mapped_column(Text)


class FramingRowModel(Base):
    """How one outlet names one actor (or group), counted per mention (rebuilt after each run)."""

    __tablename__ = "framing"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outlet: Mapped[str] = mapped_column(String(200), index=True)
    actor_id: Mapped[str] = mapped_column(String(120), index=True)
    actor_name: Mapped[str] = mapped_column(String(300))
    sector: Mapped[str | None] = mapped_column(String(20))
    mentions: Mapped[int] = mapped_column(Integer)
    articles: Mapped[int] = mapped_column(Integer)
    labels: Mapped[str] = mapped_column(Text)  # JSON {label: count}
    own_labels: Mapped[str] = mapped_column(Text)
    quoted_labels: Mapped[str] = mapped_column(Text)
    loaded_terms: Mapped[str] = mapped_column(Text)
    side: Mapped[str | None] = mapped_column(String(20))
    distinctive: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{label, count, ..., z}]


class ContradictionRow(Base):
    """Two or more accounts that cannot all be true (rebuilt after each run); `sides` is JSON."""

    __tablename__ = "contradiction"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    topic: Mapped[str] = mapped_column(String(20), index=True)
    aspect: Mapped[str | None] = mapped_column(String(20))  # fatalities, brokers, mutual, ...
    subject: Mapped[str | None] = mapped_column(String(120))
    sides: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
