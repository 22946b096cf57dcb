"""The first lemma spaCy's rule lemmatizer gives a token, from the same tables held as sets.

Why: the shipped `Lemmatizer.rule_lemmatize` tests `form in index` against the lookup tables' word
lists, tens of thousands of words each, a scan of a list for each candidate form of each new (word,
POS, morphology). Every worker process meets each new word once, so this cold path is a visible share
of a fresh worker's time (bench/results/nlp_replacements.md). The logic below is spaCy 3.8's
`rule_lemmatize` step for step (spacy/pipeline/lemmatizer.py, with the language's own
`is_base_form`), so it is used only where `rashomon.nlp.compat` allows;
`tests/test_token_attributes.py` compares it with the shipped one on every token.
"""

from __future__ import annotations

from typing import Any

from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Token

_TABLES = ("lemma_index", "lemma_exc", "lemma_rules")


class RuleLemmas:
    """`first(token)` == `lemmatizer.rule_lemmatize(token)[0]` for a rule-mode lemmatizer."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        index_table, exc_table, rules_table = (lemmatizer.lookups.get_table(n, {}) for n in _TABLES)
        # The tables are keyed by string hashes: ask for each part of speech by name.
        self.by_pos: dict[str, tuple[frozenset[str], dict[str, list[str]], list[tuple[str, str]]]] = {}
        for pos in {name.lower() for name in POS_IDS}:
            index, exceptions, rules = index_table.get(pos), exc_table.get(pos), rules_table.get(pos)
            if index or exceptions or rules:
                self.by_pos[pos] = (
                    frozenset(index or ()),
                    dict(exceptions or {}),
                    [(old, new) for old, new in rules or ()],
                )

    @staticmethod
    def usable(lemmatizer: Any) -> bool:
        """A rule-mode lemmatizer with the three tables this reads."""
        lookups = getattr(lemmatizer, "lookups", None)
        return (
            getattr(lemmatizer, "mode", None) == "rule"
            and lookups is not None
            and all(lookups.has_table(name) for name in _TABLES)
        )

    def first(self, token: Token) -> str:
        string = token.text
        univ_pos = token.pos_.lower()
        if univ_pos == "":
            return self.lemmatizer.rule_lemmatize(token)[0]  # spaCy's own, with its warning
        if univ_pos in ("eol", "space") or self.lemmatizer.is_base_form(token):
            return string.lower()
        tables = self.by_pos.get(univ_pos)
        if tables is None:
            return string if univ_pos == "propn" else string.lower()
        index, exceptions, rules = tables
        lower = string.lower()
        forms: list[str] = []
        oov_forms: list[str] = []
        for old, new in rules:
            if lower.endswith(old):
                form = lower[: len(lower) - len(old)] + new
                if not form:
                    continue
                if form in index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(lower, []):
            if form not in forms:
                forms.insert(0, form)
        return (forms or oov_forms or [string])[0]
