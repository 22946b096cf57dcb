"""spaCy's entity recognizer with its greedy decoding done for a whole batch at once in numpy, with the
same entities as the shipped component.

Why: the shipped decoder checks every action for validity at every token through small compiled
functions that, as built, take the GIL on each call (Cython 3's exception checks), a large share of
NER's time (bench/results/nlp_replacements.md). The network is untouched: NER's own tok2vec and its
precomputed feature layer run as in spaCy, and only the step loop is done here.

What the loop does, as spaCy does it (spacy/pipeline/_parser_internals: ner.pyx, _state.pxd;
spacy/ml/parser_model.pyx):
- a state reads three tokens: the next token, the first word of the open entity and the word before
  the next one (the last two only while an entity is open); a missing token reads the padding row;
- hidden = max over pieces of (sum of the three precomputed feature rows + bias); scores = hidden
  times the output weights plus bias; classes never seen in training get the batch's lowest score;
- the best valid action wins, the first on a tie. Without preset entities the BILUO rules are: B
  when no entity is open, at least two tokens remain, the next token does not start a sentence and
  this one is not whitespace; I when the open entity has that label, two tokens remain and the next
  does not start a sentence; L when the open entity has that label; U (with a label) when none is
  open and the token is not whitespace; O when none is open;
- every action reads one token; L and U close an entity.

A batch with preset entities, or a model this loop was not written for, goes to spaCy's own decoder;
as the loop follows spaCy 3.8's and thinc 8.3's internals, the pipeline installs it only where
`rashomon.nlp.compat` allows. `tests/test_entity_decoder.py` compares the entities with the shipped
component's on real texts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span
from spacy.util import minibatch

NAME = "rashomon_entity_decoder"
NER = "ner"
BEGIN, IN, LAST, UNIT, OUT, MISSING = range(6)
_MOVE_OF_PREFIX = {"B": BEGIN, "I": IN, "L": LAST, "U": UNIT}
_NO_LABEL = -1
_OPEN_CASES = 3  # `_valid_moves` rows: three while no entity is open, then two per label


class EntityDecoder:
    """Stands in for the pipeline's `ner` component (see the module's docstring)."""

    def __init__(self, ner: EntityRecognizer) -> None:
        self.ner = ner
        self.tok2vec, self.features, self.output = ner.model.layers
        moves = ner.moves
        names = [moves.get_class_name(i) for i in range(moves.n_moves)]
        self.labels = sorted({name[2:] for name in names if len(name) > 2 and name[1] == "-"})
        label_index = {label: i for i, label in enumerate(self.labels)}
        move_of, label_of = [], []
        for name in names:
            if name in ("O", "M"):
                move_of.append(OUT if name == "O" else MISSING)
                label_of.append(_NO_LABEL)
            else:
                move_of.append(_MOVE_OF_PREFIX[name[0]])
                label_of.append(label_index.get(name[2:], _NO_LABEL))  # "U-": only for preset blocks
        self.move_of = numpy.array(move_of)
        self.label_of = numpy.array(label_of)
        labelled = self.label_of != _NO_LABEL
        self.is_begin = (self.move_of == BEGIN) & labelled
        self.is_unit = (self.move_of == UNIT) & labelled
        self.is_out = self.move_of == OUT
        self.is_in = (self.move_of == IN) & labelled
        self.is_last = (self.move_of == LAST) & labelled
        self.unseen = sorted(ner.model.attrs.get("unseen_classes", ()))
        self.valid_moves = self._valid_moves()
        self.closes = (self.move_of == LAST) | (self.move_of == UNIT)

    def _valid_moves(self) -> numpy.ndarray:
        """Which actions are valid in each case a state can be in (the BILUO rules of the module's
        docstring, looked up at each step rather than evaluated): while no entity is open, rows for
        a whitespace token, a token no longer entity may start at, and any other; then two rows per
        label while an entity of it is open (it must end at this token; it may go on)."""
        closed = [self.is_out, self.is_out | self.is_unit, self.is_out | self.is_unit | self.is_begin]
        opened = []
        for label in range(len(self.labels)):
            same_label = self.label_of == label
            opened += [self.is_last & same_label, (self.is_last | self.is_in) & same_label]
        return numpy.array(closed + opened)

    @staticmethod
    def supports(ner: object) -> bool:
        """Is this the kind of recognizer the loop reproduces (greedy BILUO, three features, maxout,
        an output layer)?"""
        if not isinstance(ner, EntityRecognizer) or type(ner.moves).__name__ != "BiluoPushDown":
            return False
        model = ner.model
        if ner.cfg.get("beam_width", 1) != 1 or len(model.layers) != 3:
            return False
        if not model.attrs.get("has_upper", False):
            return False
        features = model.layers[1]
        return (
            features.name == "precomputable_affine"
            and features.get_dim("nF") == 3
            and (features.get_dim("nP") >= 2)
        )

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            self._annotate(batch)
            yield from batch

    def _annotate(self, docs: list[Doc]) -> None:
        if any(doc.has_annotation("ENT_IOB") for doc in docs):
            self.ner.set_annotations(docs, self.ner.predict(docs))  # preset entities: spaCy's rules
            return
        entities = self._decode(docs)
        for doc, spans in zip(docs, entities, strict=True):
            doc.set_ents(
                [Span(doc, start, end, label=self.labels[label]) for start, end, label in spans],
                default="outside",
            )

    def _decode(self, docs: list[Doc]) -> list[list[tuple[int, int, int]]]:
        """(start, end, label index) of each document's entities, in the order they were closed."""
        lengths = numpy.array([len(doc) for doc in docs])
        found: list[list[tuple[int, int, int]]] = [[] for _ in docs]
        if not lengths.any():
            return found
        offsets = numpy.concatenate(([0], numpy.cumsum(lengths)[:-1]))
        # table[1 + token, feature] is a token's precomputed feature row; table[0] the padding.
        table = self.features.predict(self.tok2vec.predict(docs))
        bias = self.features.get_param("b")
        weights, output_bias = self.output.get_param("W"), self.output.get_param("b")
        is_space = numpy.concatenate([doc.to_array("IS_SPACE").astype(bool) for doc in docs])
        # next_starts_sentence[g]: the token after g is in the same document and starts a sentence.
        next_starts_sentence = numpy.zeros(int(lengths.sum()), dtype=bool)
        for doc, offset in zip(docs, offsets, strict=True):
            if len(doc) > 1:
                starts = doc.to_array("SENT_START")[1:] == 1
                next_starts_sentence[offset : offset + len(doc) - 1] = starts
        # Per token, what the rules ask of it: may an entity go on past it (a token of the same
        # sentence follows), and may one start at it (`_valid_moves` rows while none is open).
        live = numpy.flatnonzero(lengths > 0)
        may_go_on = ~next_starts_sentence
        may_go_on[(offsets + lengths - 1)[live]] = False
        not_space = ~is_space
        closed_case = not_space.astype(numpy.int64) + (may_go_on & not_space)

        # One row per unfinished document: next token (global index), its document's end, entity
        # (and, while one is open, its `_valid_moves` row but for the may-go-on bit).
        position, end = offsets[live].copy(), (offsets + lengths)[live]
        is_open = numpy.zeros(len(live), dtype=bool)
        entity_start = numpy.zeros(len(live), dtype=numpy.int64)
        entity_label = numpy.full(len(live), _NO_LABEL)
        open_case = numpy.zeros(len(live), dtype=numpy.int64)
        steps_to_an_end = int((end - position).min()) if len(live) else 0
        while len(live):
            if is_open.any():
                first_row = numpy.where(is_open, entity_start + 1, 0)
                before_row = numpy.where(is_open, position, 0)  # (position - 1) + 1 for the padding row
                summed = table[position + 1, 0] + table[first_row, 1]
                summed += table[before_row, 2]
            else:  # every row reads the padding for the entity's tokens: the same sums, broadcast
                summed = table[position + 1, 0] + table[0, 1]
                summed += table[0, 2]
            summed += bias
            scores = summed.max(axis=2) @ weights.T
            scores += output_bias
            if self.unseen:
                scores[:, self.unseen] = scores.min()
            case = numpy.where(is_open, open_case + may_go_on[position], closed_case[position])
            action = numpy.where(self.valid_moves[case], scores, -numpy.inf).argmax(axis=1)
            move, label = self.move_of[action], self.label_of[action]
            begins = move == BEGIN
            if begins.any():
                entity_start[begins], entity_label[begins] = position[begins], label[begins]
                open_case[begins] = _OPEN_CASES + 2 * label[begins]
                is_open |= begins
            closes = self.closes[action]
            if closes.any():
                for row in numpy.flatnonzero(closes):
                    start = position[row] if move[row] == UNIT else entity_start[row]
                    kind = label[row] if move[row] == UNIT else entity_label[row]
                    document = live[row]
                    found[document].append(
                        (
                            int(start - offsets[document]),
                            int(position[row] + 1 - offsets[document]),
                            int(kind),
                        )
                    )
                is_open &= move != LAST
            position += 1
            steps_to_an_end -= 1
            if steps_to_an_end == 0:
                going_on = position < end
                live, position, end = live[going_on], position[going_on], end[going_on]
                is_open, entity_start = is_open[going_on], entity_start[going_on]
                entity_label, open_case = entity_label[going_on], open_case[going_on]
                steps_to_an_end = int((end - position).min()) if len(live) else 0
        return found


@Language.factory(NAME, assigns=["doc.ents", "token.ent_iob", "token.ent_type"])
def make_entity_decoder(nlp: Language, name: str) -> EntityDecoder:
    """Built around the pipeline's own `ner`, which `install` then removes."""
    return EntityDecoder(nlp.get_pipe(NER))


def install(nlp: Language) -> bool:
    """Put `EntityDecoder` in the place of the pipeline's `ner`, when it is a kind it reproduces;
    false when it is not, and the pipeline is left as it is."""
    if NER not in nlp.pipe_names or not EntityDecoder.supports(nlp.get_pipe(NER)):
        return False
    nlp.add_pipe(NAME, before=NER)
    nlp.remove_pipe(NER)
    return True
