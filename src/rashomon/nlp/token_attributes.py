"""The small English pipeline's `attribute_ruler` and `lemmatizer`, with the same output at a fraction
of the cost: both look at a token alone (bar a few two-token rules), so their result is remembered per
kind of token instead of being matched again for each of the corpus's tokens.

- POS, morphology, and the tag, dependency and lemma the ruler may overwrite, depend on the token's
  tag, its dependency label, whether it is whitespace, and its lower-case form only when one of the
  rules names that form. That tuple is the memo key; a new key is worked out once by the real ruler
  on a one-token Doc.
- The two-token rules ("there is", "gon na", ...) stay in a real AttributeRuler of their own: so few
  patterns are cheap to match.
- The lemma then comes from the lemmatizer's own rules and tables (`rule_lemmas`, the tables held as
  sets, where `rashomon.nlp.compat` allows; else the lemmatizer's own `lemmatize`), remembered per
  (form, POS, morphology), as its own cache does, but without its per-token overhead.

It reads the ruler's patterns and the lemmatizer's tables, as spaCy 3.8 keeps them: the pipeline
installs it only where `rashomon.nlp.compat` allows. `tests/test_token_attributes.py` checks that the
output equals the shipped components' token for token.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, MorphAnalysis, Token

from rashomon.nlp.rule_lemmas import RuleLemmas

NAME = "rashomon_token_attributes"
RULER, LEMMATIZER = "attribute_ruler", "lemmatizer"

# (tag, dep, is_space, relevant lower form or 0) -> (tag, dep, pos, morphology, ruler's lemma or 0)
AttrKey = tuple[int, int, bool, int]
Attrs = tuple[int, int, int, MorphAnalysis | None, int]


class TokenAttributes:
    """Replaces the pipeline's attribute ruler and lemmatizer (see the module's docstring)."""

    def __init__(
        self, nlp: Language, ruler: AttributeRuler, lemmatizer: Any, *, rule_lemmas: bool = True
    ) -> None:
        self.vocab = nlp.vocab
        self.lemmatizer = lemmatizer
        single = _rules_of_length(ruler.patterns, one_token=True)
        multi = _rules_of_length(ruler.patterns, one_token=False)
        self.single_ruler = _ruler_with(nlp, single, "single")
        self.multi_ruler = _ruler_with(nlp, multi, "multi") if multi else None
        self._lower_tests = _lower_tests(single)
        self._relevant_lower: dict[int, bool] = {}
        self._attrs: dict[AttrKey, Attrs] = {}
        self._lemmas: dict[tuple[int, int, int], int] = {}
        # The same lemmas from the same tables, held as sets (see rashomon.nlp.rule_lemmas).
        self.uses_rule_lemmas = rule_lemmas and RuleLemmas.usable(lemmatizer)
        self._first_lemma = (
            RuleLemmas(lemmatizer).first
            if self.uses_rule_lemmas
            else lambda token: lemmatizer.lemmatize(token)[0]
        )

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            tag, dep, pos, morph, lemma = self._attrs_of(token)
            token.tag, token.dep, token.pos = tag, dep, pos
            if morph is not None:
                token.morph = morph
            if lemma:
                token.lemma = lemma
        if self.multi_ruler is not None:
            self.multi_ruler(doc)
        for token in doc:
            if token.lemma == 0:
                token.lemma = self._lemma_of(token)
        return doc

    def _attrs_of(self, token: Token) -> Attrs:
        lower = token.lower
        relevant = self._relevant_lower.get(lower)
        if relevant is None:
            relevant = self._relevant_lower[lower] = any(test(token.lower_) for test in self._lower_tests)
        key = (token.tag, token.dep, token.is_space, lower if relevant else 0)
        found = self._attrs.get(key)
        if found is None:
            found = self._attrs[key] = self._learn(token)
        return found

    def _learn(self, token: Token) -> Attrs:
        """The single-token rules' result for a token like this one, from the real ruler."""
        one = Doc(self.vocab, words=[token.text], spaces=[False])
        one[0].tag, one[0].dep = token.tag, token.dep
        self.single_ruler(one)
        t = one[0]
        return t.tag, t.dep, t.pos, (t.morph if t.morph.key else None), t.lemma

    def _lemma_of(self, token: Token) -> int:
        key = (token.orth, token.pos, token.morph.key)
        lemma = self._lemmas.get(key)
        if lemma is None:
            lemma = self._lemmas[key] = self.vocab.strings.add(self._first_lemma(token))
        return lemma


def _rules_of_length(rules: list[dict[str, Any]], *, one_token: bool) -> list[dict[str, Any]]:
    """The rules, each with only its one-token (or only its longer) alternative patterns, in order."""
    kept = []
    for rule in rules:
        patterns = [p for p in rule["patterns"] if (len(p) == 1) == one_token]
        if patterns:
            kept.append({**rule, "patterns": patterns})
    return kept


def _ruler_with(nlp: Language, patterns: list[dict[str, Any]], name: str) -> AttributeRuler:
    ruler = AttributeRuler(nlp.vocab, name=f"{NAME}_{name}", validate=False)
    ruler.add_patterns(patterns)
    return ruler


def _lower_tests(patterns: list[dict[str, Any]]) -> list[Callable[[str], bool]]:
    """One test per LOWER condition of the rules: does a lower-case form meet it?"""
    tests: list[Callable[[str], bool]] = []
    for rule in patterns:
        for pattern in rule["patterns"]:
            tests.extend(_lower_test(condition["LOWER"]) for condition in pattern if "LOWER" in condition)
    return tests


def _lower_test(value: Any) -> Callable[[str], bool]:
    if isinstance(value, str):
        return value.__eq__
    if "IN" in value:
        return frozenset(value["IN"]).__contains__
    if "NOT_IN" in value:
        return lambda form: True  # matches almost anything: keep the form in the key
    if "REGEX" in value:
        return lambda form, rx=re.compile(value["REGEX"]): rx.search(form) is not None
    raise ValueError(f"attribute ruler condition not handled: LOWER {value!r}")


@Language.factory(
    NAME, assigns=["token.pos", "token.morph", "token.lemma"], default_config={"rule_lemmas": True}
)
def make_token_attributes(nlp: Language, name: str, rule_lemmas: bool) -> TokenAttributes:
    """Built from the pipeline's own ruler and lemmatizer, which `install` then removes;
    `rule_lemmas` false keeps the lemmatizer's own `lemmatize` for the lemmas."""
    return TokenAttributes(nlp, nlp.get_pipe(RULER), nlp.get_pipe(LEMMATIZER), rule_lemmas=rule_lemmas)


def install(nlp: Language, *, rule_lemmas: bool = True) -> bool:
    """Swap the pipeline's attribute ruler and lemmatizer for `TokenAttributes`, in their place;
    false when the pipeline has no such pair and is left as it is."""
    if RULER not in nlp.pipe_names or LEMMATIZER not in nlp.pipe_names:
        return False
    nlp.add_pipe(NAME, before=RULER, config={"rule_lemmas": rule_lemmas})
    nlp.remove_pipe(RULER)
    nlp.remove_pipe(LEMMATIZER)
    return True


def uses_rule_lemmas(nlp: Language) -> bool:
    """Do the installed `TokenAttributes` take their lemmas from `RuleLemmas`?"""
    return NAME in nlp.pipe_names and bool(nlp.get_pipe(NAME).uses_rule_lemmas)
