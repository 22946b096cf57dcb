"""Armed groups the linker did not name, found from how the text writes them.

An article may call a group by a short code the linker has never seen ("M23 rebels", "the ADF
militia"). A code (capitals and digits, no lower case) right before an armed word is that group's
name (in brackets after the group's name too): the article's generic descriptions ("the rebels")
then count for it, and its labels ("M23 rebels", "the rebel group M23") are its own. Every bare use
of the same code in the article names it too, so that it is counted as the group the article reports
on. A capitalised word before an armed word stays a label of the category ("Sunni militants"): such
words are as often adjectives as names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rashomon.kb.countries import find_countries
from rashomon.kb.matchers import slug
from rashomon.kb.packs import DISCOVERED_PREFIX
from rashomon.reconcile.framing_inputs import ActorSpan
from rashomon.reconcile.framing_labels import fold_key

# A code: a capital first, then capitals or digits, with at least one more capital or a digit.
_CODE = r"[A-Z](?=[A-Z0-9]*[A-Z0-9])[A-Z0-9]{1,5}"
# a bracketed code after the group's name is the code too: "March 23 Movement (M23) rebels"
_CODE_BEFORE_WORD = re.compile(rf"(?<![\w.-])(?P<code>{_CODE})\)?[ \t]+(?P<word>[a-z][\w-]*)")


def unlinked_group_codes(text: str, mentions: Sequence[ActorSpan], armed: frozenset[str]) -> list[ActorSpan]:
    """The mentions with a discovered group added for each code written right before an armed word
    (`armed`: folded words such as "rebel", "militia") that no mention or country covers, and for
    every other bare use of that code."""
    covered = sorted((m.start, m.end) for m in mentions)
    covered += [(c.start, c.end) for c in find_countries(text)]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in covered)

    codes = {
        found.group("code")
        for found in _CODE_BEFORE_WORD.finditer(text)
        if fold_key(found.group("word")) in armed and free(*found.span("code"))
    }
    added = []
    for code in sorted(codes):
        for found in re.finditer(rf"(?<![\w.-]){re.escape(code)}(?![\w-])", text):
            if free(*found.span()):
                group = DISCOVERED_PREFIX + slug(code)
                added.append(ActorSpan(found.start(), found.end(), group, code, "discovered", code))
    return sorted([*mentions, *added], key=lambda m: (m.start, m.end))
