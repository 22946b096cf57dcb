"""Which outlet published an article, from the outlets data pack (`rashomon/data/outlets.json`).

Evidence, strongest first: the outlet a JSONL record declares, the URL host, the HTML site name, and
the outlet's own self-marks ("signatures") in the raw scraped text. Mentions of an outlet in the story
itself (photo credits, "told Reuters") never count: only the pack's signatures are searched for.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Literal, cast
from urllib.parse import urlsplit

from rashomon.types import Outlet

Ownership = Literal["state", "public", "private"]
OutletKind = Literal["wire", "broadcaster", "newspaper", "online"]

OWNERSHIPS: tuple[str, ...] = ("state", "public", "private")
KINDS: tuple[str, ...] = ("wire", "broadcaster", "newspaper", "online")
UNKNOWN_OWNERSHIP = "unknown"

# An archived or proxied page carries the original address in its path (web archives, AMP caches).
_EMBEDDED_HOST = re.compile(r"https?:/{1,2}([^/\s?#:@]+)", re.IGNORECASE)


@dataclass(frozen=True)
class OutletRecord:
    """One entry of the outlets data pack."""

    name: str
    domains: tuple[str, ...]
    aliases: tuple[str, ...]
    signatures: tuple[str, ...]  # regular expressions, searched with re.MULTILINE
    country: str  # ISO 3166-1 alpha-2 of where it is based
    ownership: Ownership
    speaks_for: str | None  # ISO alpha-2 of the state whose line it carries, when state-run
    languages: tuple[str, ...]  # ISO 639-1
    kind: OutletKind

    def to_outlet(self, basis: str) -> Outlet:
        """The shared `Outlet` record for this entry, saying how it was found."""
        return Outlet(
            name=self.name,
            domain=self.domains[0] if self.domains else None,
            country=self.country,
            ownership=self.ownership,
            speaks_for=self.speaks_for,
            basis=basis,
        )


@dataclass(frozen=True)
class _Index:
    records: tuple[OutletRecord, ...]
    by_name: dict[str, OutletRecord]  # normalised name or alias -> record
    by_domain: dict[str, OutletRecord]
    patterns: tuple[tuple[OutletRecord, tuple[re.Pattern[str], ...]], ...]


def _record(raw: dict[str, object]) -> OutletRecord:
    ownership = str(raw["ownership"])
    kind = str(raw["kind"])
    if ownership not in OWNERSHIPS:
        raise ValueError(f"outlets pack: {raw['name']}: bad ownership {ownership!r}")
    if kind not in KINDS:
        raise ValueError(f"outlets pack: {raw['name']}: bad kind {kind!r}")
    speaks_for = raw.get("speaks_for")
    return OutletRecord(
        name=str(raw["name"]),
        domains=tuple(str(d).lower() for d in cast("list[str]", raw.get("domains", []))),
        aliases=tuple(str(a) for a in cast("list[str]", raw.get("aliases", []))),
        signatures=tuple(str(s) for s in cast("list[str]", raw.get("signatures", []))),
        country=str(raw["country"]),
        ownership=cast(Ownership, ownership),
        speaks_for=str(speaks_for) if speaks_for else None,
        languages=tuple(str(lang) for lang in cast("list[str]", raw.get("languages", []))),
        kind=cast(OutletKind, kind),
    )


@lru_cache(maxsize=1)
def _pack() -> tuple[OutletRecord, ...]:
    text = files("rashomon").joinpath("data/outlets.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return tuple(_record(raw) for raw in data["outlets"])


def load_outlets() -> list[OutletRecord]:
    """All outlets of the data pack, in file order (the file is read once per process)."""
    return list(_pack())


def normalise_name(name: str) -> str:
    """Key for comparing outlet names: case, punctuation, spacing and a leading "the" ignored."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    words = re.sub(r"[\W_]+", " ", folded).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=1)
def _index() -> _Index:
    records = _pack()
    by_name: dict[str, OutletRecord] = {}
    by_domain: dict[str, OutletRecord] = {}
    for rec in records:
        for label in (rec.name, *rec.aliases):
            by_name.setdefault(normalise_name(label), rec)
        for domain in rec.domains:
            by_domain.setdefault(domain, rec)
    patterns = tuple(
        (rec, tuple(re.compile(sig, re.MULTILINE) for sig in rec.signatures))
        for rec in records
        if rec.signatures
    )
    return _Index(records=records, by_name=by_name, by_domain=by_domain, patterns=patterns)


def outlet_names() -> list[str]:
    """Every outlet name and alias in the pack, longest first (for spotting site-signature lines)."""
    names = {label for rec in _pack() for label in (rec.name, *rec.aliases)}
    return sorted(names, key=lambda label: (-len(label), label))


def url_host(url: str) -> str | None:
    """The lower-case host of `url` (scheme optional); for an archived copy, the original page's host."""
    candidate = url.strip()
    if not candidate:
        return None
    if "//" not in candidate:
        candidate = "//" + candidate
    try:
        parts = urlsplit(candidate)
        host = parts.hostname
    except ValueError:
        return None
    embedded = _EMBEDDED_HOST.search(parts.path)
    if embedded:
        host = embedded.group(1)
    if not host:
        return None
    return host.rstrip(".").lower() or None


def _by_domain(host: str) -> OutletRecord | None:
    """The record whose domain is `host` or a parent of it, the most specific one winning."""
    labels = host.split(".")
    index = _index()
    for start in range(len(labels) - 1):
        rec = index.by_domain.get(".".join(labels[start:]))
        if rec is not None:
            return rec
    return None


def _by_label(label: str) -> OutletRecord | None:
    """The record whose name, alias or domain is `label`."""
    rec = _index().by_name.get(normalise_name(label))
    if rec is None and "." in label and " " not in label.strip():
        host = url_host(label)
        rec = _by_domain(host) if host else None
    return rec


def _by_signature(text: str) -> tuple[OutletRecord, str] | None:
    """The outlet with the most signature matches in `text` (ties: earliest match) and its first mark."""
    best: tuple[int, int, OutletRecord, str] | None = None
    for rec, patterns in _index().patterns:
        count = 0
        first: re.Match[str] | None = None
        for pattern in patterns:
            for match in pattern.finditer(text):
                count += 1
                if first is None or match.start() < first.start():
                    first = match
        if first is None:
            continue
        if best is None or count > best[0] or (count == best[0] and first.start() < best[1]):
            best = (count, first.start(), rec, first.group(0).strip())
    return None if best is None else (best[2], best[3])


def _unknown(name: str, domain: str | None, basis: str) -> Outlet:
    return Outlet(name=name, domain=domain, country=None, ownership=UNKNOWN_OWNERSHIP, basis=basis)


def identify_outlet(
    *,
    url: str | None = None,
    declared: str | None = None,
    site_name: str | None = None,
    text: str = "",
) -> Outlet | None:
    """The outlet that published an article, or None when nothing points to one.

    Order: a declared name (an unknown one is kept as given), a known URL host, a known HTML site
    name, then an unknown site name or URL host, kept as given: the site an article was read from is
    its outlet even when it carries another outlet's copy. Self-marks in the raw text ("(Reuters)",
    "(c) AFP") count only for text read without a URL.
    """
    if declared and declared.strip():
        rec = _by_label(declared)
        if rec is not None:
            return rec.to_outlet("jsonl field")
        return _unknown(declared.strip(), None, "jsonl field (not in the outlets pack)")

    host = url_host(url) if url else None
    if host:
        rec = _by_domain(host)
        if rec is not None:
            return rec.to_outlet(f"url host {host}")

    if site_name and site_name.strip():
        rec = _by_label(site_name)
        if rec is not None:
            return rec.to_outlet("html site_name")

    bare_host = host.removeprefix("www.") if host else None
    if site_name and site_name.strip():
        basis = "html site_name (not in the outlets pack)"
        return _unknown(site_name.strip(), bare_host, basis)
    if bare_host:
        return _unknown(bare_host, bare_host, "url host (not in the outlets pack)")

    if text:
        found = _by_signature(text)
        if found is not None:
            rec, mark = found
            return rec.to_outlet(f"text signature '{mark}'")
    return None
