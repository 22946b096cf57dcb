"""The merged knowledge base: packs merged in order, cross-pack references checked, aliases indexed.

An id defined twice is an error, `extends: ID` adds names to an actor (or to one generated from the
layers: a state ISO3, an institution ISO3.UNIT, a category). One plain alias naming two actors is an
error; context aliases, non-actors and false friends may share a name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rashomon.kb.linking import ActorMention, Linker
from rashomon.kb.matchers import LEADING_THE, Matchers, ascii_fold, is_acronym, text_key
from rashomon.kb.packs import (
    ACTOR_KEYS,
    CATEGORY_PREFIX,
    EXTENDS_KEYS,
    Actor,
    Category,
    Fields,
    Institution,
    Pack,
    PackError,
    countries_by_iso3,
    read_actor,
    valid_actor_id,
)

_UNDEFINED = "is not a defined or generated actor id"


@dataclass(frozen=True)
class Alias:
    actor_id: str | None  # None: a non-actor or false friend, which links nothing
    pack: str
    text: str  # as written in the pack
    context: bool  # applies only when its pack is in context
    blocks_discovery: bool = False  # non-actors: not a discovered actor either


@dataclass
class _Origin:
    source: str
    where: str


class KnowledgeBase:
    """Merged packs: actors by id, institution units, categories, and the compiled matchers."""

    def __init__(self, packs: Sequence[Pack]) -> None:
        if not packs:
            raise PackError("no actor packs loaded")
        self.packs = tuple(packs)
        self.sectors: dict[str, str] = {}
        self.institutions: dict[str, Institution] = {}
        self.categories: dict[str, Category] = {}
        self.actors: dict[str, Actor] = {}
        self._origins: dict[str, _Origin] = {}
        self._generated: dict[str, Actor | None] = {}
        qualifiers: list[str] = []
        cues: list[str] = []
        for pack in self.packs:
            self.sectors.update(pack.sectors)
            qualifiers.extend(pack.qualifiers)
            cues.extend(pack.backing_cues)
        for pack in self.packs:
            self._add_layers(pack)
        for pack in self.packs:
            for where, row in pack.actors:
                self._add_actor(pack, where, row)
        for actor_id, actor in self.actors.items():
            self.actors[actor_id] = self._check_actor(actor)
        self._pack_countries = {pack.name: pack.countries for pack in self.packs}
        self._index_aliases()
        self._matchers = Matchers.build(self, qualifiers, cues)

    # .. merging

    def _add_layers(self, pack: Pack) -> None:
        for index, inst in enumerate(pack.institutions):
            where = f"{pack.source}: institutions[{index}]"
            if inst.unit in self.institutions:
                raise PackError(f"{where}.unit: {inst.unit!r} is defined twice")
            if inst.sector not in self.sectors:
                raise PackError(f"{where}.sector: {inst.sector!r} is not a known sector")
            self.institutions[inst.unit] = inst
        for index, cat in enumerate(pack.categories):
            where = f"{pack.source}: categories[{index}]"
            if cat.sector not in self.sectors:
                raise PackError(f"{where}.sector: {cat.sector!r} is not a known sector")
            old = self.categories.get(cat.sector)
            merged = cat if old is None else Category(old.sector, old.name, old.terms + cat.terms)
            self.categories[cat.sector] = merged

    def _add_actor(self, pack: Pack, where: str, row: dict[str, Any]) -> None:
        fields = Fields(pack.source, f"{where}.", row)
        if "extends" in row:
            fields.check_keys(EXTENDS_KEYS)
            self._extend(pack, fields)
            return
        fields.check_keys(ACTOR_KEYS)
        actor_id = valid_actor_id(fields)
        if actor_id in self.actors:
            first = self._origins[actor_id]
            raise fields.fail(
                "id",
                f"{actor_id!r} is already defined in {first.source} ({first.where}); "
                "use `extends` to add names to it",
            )
        self.actors[actor_id] = read_actor(fields, actor_id, pack.name)
        self._origins[actor_id] = _Origin(pack.source, where)

    def _extend(self, pack: Pack, fields: Fields) -> None:
        target = fields.text("extends")
        actor = self.actors.get(target) or self._generate(target)
        if actor is None:
            raise fields.fail("extends", f"{target!r} {_UNDEFINED}")
        self.actors[target] = replace(
            actor,
            aliases=actor.aliases + tuple(fields.strings("aliases")),
            context_aliases=actor.context_aliases + tuple(fields.strings("context_aliases")),
            pack=actor.pack or pack.name,
        )
        self._origins.setdefault(target, _Origin(pack.source, fields.where.rstrip(".")))

    def _check_actor(self, actor: Actor) -> Actor:
        origin = self._origins.get(actor.id, _Origin("?", actor.id))

        def fail(key: str, message: str) -> PackError:
            return PackError(f"{origin.source}: {origin.where}.{key}: {message}")

        if actor.type == "person":
            affiliation = self.actor(actor.affiliation or "")
            if affiliation is None:
                raise fail("affiliation", f"{actor.affiliation!r} {_UNDEFINED}")
            actor = replace(
                actor, sector=actor.sector or affiliation.sector, country=actor.country or affiliation.country
            )
        if actor.sector not in self.sectors:
            raise fail(
                "sector", f"{actor.sector!r} is not a known sector ({', '.join(sorted(self.sectors))})"
            )
        references = [
            ("parent", actor.parent),
            ("backer", actor.backer),
            *((f"related[{index}]", ref) for index, ref in enumerate(actor.related)),
        ]
        for key, ref in references:
            if ref is not None and self.actor(ref) is None:
                raise fail(key, f"{ref!r} {_UNDEFINED}")
        return actor

    # .. the alias index

    def _index_aliases(self) -> None:
        self._aliases = self._alias_table()
        self._shouted: dict[str, list[Alias]] = {}
        for key, entries in self._aliases.items():
            if not is_acronym(key):
                self._shouted.setdefault(key.casefold(), []).extend(entries)
        self._not_discoverable = frozenset(
            key.casefold()
            for key, entries in self._aliases.items()
            if any(e.blocks_discovery for e in entries)
        )

    def _alias_table(self) -> dict[str, list[Alias]]:
        table: dict[str, list[Alias]] = {}
        for actor in self.actors.values():
            for alias, context in [
                *((a, False) for a in actor.aliases),
                *((a, True) for a in actor.context_aliases),
            ]:
                self._add_alias(table, alias, Alias(actor.id, actor.pack, alias, context))
        for pack in self.packs:
            in_context = bool(pack.countries)
            for phrase in pack.non_actors:
                self._add_alias(table, phrase, Alias(None, pack.name, phrase, in_context, True))
            for phrase in pack.false_friends:
                self._add_alias(table, phrase, Alias(None, pack.name, phrase, in_context))
        # "the UN" would win over "UN Security Council" in "the UN Security Council" (leftmost first):
        # an alias written with "the" is dropped where the alias without it exists.
        redundant = [key for key in table if LEADING_THE.match(key) and LEADING_THE.sub("", key) in table]
        for key in redundant:
            del table[key]
        return table

    def _add_alias(self, table: dict[str, list[Alias]], text: str, alias: Alias) -> None:
        for form in dict.fromkeys([text_key(text), text_key(ascii_fold(text))]):
            entries = table.setdefault(form, [])
            clash = next(
                (
                    e
                    for e in entries
                    if not e.context
                    and not alias.context
                    and e.actor_id != alias.actor_id
                    and e.actor_id is not None
                    and alias.actor_id is not None
                ),
                None,
            )
            if clash is not None:
                origin = self._origins[alias.actor_id or ""]
                raise PackError(
                    f"{origin.source}: {origin.where}.aliases: {text!r} already names {clash.actor_id!r}"
                    f" (pack {clash.pack}); make one of them a context alias or drop it"
                )
            if alias not in entries:
                entries.append(alias)

    # .. lookups

    def actor(self, actor_id: str) -> Actor | None:
        """A pack actor, or one generated from the layers: ISO3 (a state), ISO3.UNIT, category:SECTOR."""
        return self.actors.get(actor_id) or self._generate(actor_id)

    def _generate(self, actor_id: str) -> Actor | None:
        if actor_id not in self._generated:
            self._generated[actor_id] = _generated_actor(self, actor_id)
        return self._generated[actor_id]

    def in_context(self, pack: str, iso3_codes: set[str], linked_packs: set[str]) -> bool:
        own = self._pack_countries.get(pack, frozenset())
        return not own or bool(own & iso3_codes) or pack in linked_packs

    def link(self, text: str, entities: Iterable[tuple[int, int, str]] = ()) -> list[ActorMention]:
        return Linker(self, text, list(entities)).run()


def _generated_actor(kb: KnowledgeBase, actor_id: str) -> Actor | None:
    if actor_id.startswith(CATEGORY_PREFIX):
        cat = kb.categories.get(actor_id[len(CATEGORY_PREFIX) :])
        return None if cat is None else Actor(actor_id, cat.name, cat.sector, None, None, "category")
    iso3, _, unit = actor_id.partition(".")
    country = countries_by_iso3().get(iso3)
    if country is None:
        return None
    adjective = country.adjectives[0] if country.adjectives else country.name
    if not unit:
        return Actor(actor_id, country.name, "GOV", iso3, iso3, "state")
    inst = kb.institutions.get(unit)
    if inst is not None:
        name = inst.name.format(adj=adjective, country=country.name, iso3=iso3)
        return Actor(
            actor_id,
            name,
            inst.sector,
            iso3,
            inst.cameo.format(iso3=iso3),
            "institution",
            parent=_parent_id(actor_id),
        )
    cat = kb.categories.get(unit)
    if cat is not None:
        return Actor(actor_id, f"{adjective} {cat.name}", cat.sector, iso3, iso3 + cat.sector, "category")
    return None


def _parent_id(actor_id: str) -> str | None:
    head, _, _ = actor_id.rpartition(".")
    return head or None
