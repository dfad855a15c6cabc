"""Declension of job titles («учитель информатики» → «учителя информатики»).

Only the head of the phrase declines: the leading adjectives that agree
with the head noun, and the head noun itself (each part of a hyphenated
head: «педагог-организатор» → «педагога-организатора»). Everything after
the head («информатики», «директора по учебно-воспитательной работе») is
already in an oblique case and is kept as is. Inflecting every word, as
naive code does, gives «учителю информатике».

In official style the accusative of a (masculine) job noun is animate,
i.e. equal to the genitive: «назначить учителя», «назначить тьютора», even
where the dictionary marks the word inanimate.

A masculine job noun used for a woman may take a feminine adjective in the
nominative («социальная педагог», «старшая методист»: agreement by sense),
but Russian has no oblique forms for that agreement («к социальной
педагогу» is not Russian): in the other cases the adjective agrees with the
noun, «социального педагога» (Русская грамматика 1980; Розенталь,
«Справочник по правописанию и литературной правке»).
:func:`agreement_by_sense` tells the validator about such titles.

Forms are written with ё where the word has it («секретарём», «вахтёра»),
whether or not the nominative was typed with ё: pymorphy3 analyses a word
typed without ё both as the ё-word and as an «informal» spelling (tag Infr)
whose forms have е; the ё-word is preferred.

The words of common school titles and organisation names come from a table
built ahead from pymorphy3 (position_table.json, written by
docs/make_position_table.py): declining them loads no dictionary. pymorphy3
is imported lazily, only for a word the table lacks, and its analyzer is
created once per process.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .names import CASES, Case, GrammarError, check_length

_PYMORPHY_CASE: dict[Case, str] = {
    "nominative": "nomn",
    "genitive": "gent",
    "dative": "datv",
    "accusative": "accs",
    "instrumental": "ablt",
    "prepositional": "loct",
}

_NOUN_LIKE = frozenset({"NOUN"})
_ADJ_LIKE = frozenset({"ADJF", "PRTF"})

#: Every set of grammemes the declension below asks a word for (before
#: «plur» is added to the plural parses): a head takes one case, a modifier
#: one case or, agreeing by sense, a case with «masc».
GRAMMEME_SETS: tuple[frozenset[str], ...] = tuple(
    [frozenset({g}) for g in ("gent", "datv", "accs", "ablt", "loct")]
    + [frozenset({g, "masc"}) for g in ("nomn", "gent", "datv", "accs", "ablt", "loct")]
)

#: The table of forms built ahead by docs/make_position_table.py.
TABLE_PATH = Path(__file__).with_name("position_table.json")


def _grammeme_key(grammemes: frozenset[str]) -> str:
    return ",".join(sorted(grammemes))


@dataclass(frozen=True)
class Parse:
    """What the declension needs of one nominative analysis of a word.

    Built either from pymorphy3 (``source`` is its parse) or from the table
    built ahead (``forms`` maps a grammeme key to the inflected word, or
    ``None`` where pymorphy3 has no such form).
    """

    pos: str | None
    number: str | None
    gender: str | None
    animacy: str | None
    common_gender: bool  # «коллега», «судья»: «ms-f», gender is None
    normal_form: str
    forms: Mapping[str, str | None] | None = None
    source: Any = None

    def inflect(self, grammemes: frozenset[str]) -> str | None:
        if self.source is None:
            assert self.forms is not None
            return self.forms[_grammeme_key(grammemes)]
        form = self.source.inflect(set(grammemes))
        return None if form is None else str(form.word)


#: Looks up the nominative parses of one lower-case word.
Lexicon = Callable[[str], tuple[Parse, ...]]


@functools.cache
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=4096)
def dictionary_parses(word: str) -> tuple[Parse, ...]:
    """Parses of ``word`` (lower case) in the nominative, from pymorphy3.

    Dictionary spellings first: «вахтер» is both «вахтёр» and an informal
    spelling (Infr) whose forms lose the ё.
    """
    try:
        analyses = _morph().parse(word)
    except ValueError:
        # pymorphy3 asks unicodedata for the name of every character; a code
        # point without one («𗀀» in this Python's Unicode tables) is no Russian word.
        return ()
    parses = [
        p
        for p in analyses
        if p.tag.case == "nomn" and (p.tag.POS in _NOUN_LIKE or p.tag.POS in _ADJ_LIKE)
    ]
    return tuple(
        Parse(
            pos=p.tag.POS,
            number=p.tag.number,
            gender=p.tag.gender,
            animacy=p.tag.animacy,
            common_gender="ms-f" in p.tag,
            normal_form=p.normal_form,
            source=p,
        )
        for p in sorted(parses, key=lambda p: "Infr" in p.tag)
    )


@functools.cache
def _table() -> dict[str, list[dict[str, Any]]]:
    table: dict[str, list[dict[str, Any]]] = json.loads(TABLE_PATH.read_text(encoding="utf-8"))
    return table


@functools.lru_cache(maxsize=4096)
def table_parses(word: str) -> tuple[Parse, ...]:
    """Parses of ``word`` (lower case) from the table; ``KeyError`` if it is not there."""
    return tuple(
        Parse(
            pos=entry["pos"],
            number=entry["number"],
            gender=entry["gender"],
            animacy=entry["animacy"],
            common_gender=entry["common_gender"],
            normal_form=entry["normal_form"],
            forms=dict(zip(map(_grammeme_key, _entry_sets(entry)), entry["forms"], strict=True)),
        )
        for entry in _table()[word]
    )


def _entry_sets(entry: Mapping[str, Any]) -> list[frozenset[str]]:
    plural = entry["number"] == "plur"
    return [s | {"plur"} if plural else s for s in GRAMMEME_SETS]


def _parses(word: str) -> tuple[Parse, ...]:
    """The table's parses; the dictionary only for a word the table lacks."""
    try:
        return table_parses(word)
    except KeyError:
        return dictionary_parses(word)


def _by_sense(adj: Parse, noun: Parse) -> bool:
    """A feminine adjective with a masculine person noun: «социальная педагог»."""
    return (
        adj.number == "sing"
        and noun.number == "sing"
        and adj.gender == "femn"
        and noun.gender == "masc"
        and noun.pos in _NOUN_LIKE
        and noun.animacy == "anim"
    )


def _agrees(adj: Parse, noun: Parse) -> bool:
    if adj.number != noun.number:
        return False
    if adj.number == "plur":
        return True
    return adj.gender == noun.gender or noun.common_gender or _by_sense(adj, noun)


def _modifier_parse(word: str, next_word: str, lexicon: Lexicon) -> Parse | None:
    """The adjective parse of ``word`` if it agrees with a nominative ``next_word``.

    ``word`` is looked at first: when it cannot be an adjective, the word
    after it is not looked up at all.
    """
    last_piece = word.split("-")[-1]
    adjectives = [a for a in lexicon(last_piece.lower()) if a.pos in _ADJ_LIKE]
    if not adjectives:
        return None
    next_parses = [p for w in next_word.split("-") for p in lexicon(w.lower())]
    for adj in adjectives:
        if any(_agrees(adj, n) for n in next_parses):
            return adj
    return None


def _head_parse(word: str, lexicon: Lexicon) -> Parse | None:
    parses = lexicon(word.lower())
    for p in parses:
        if p.pos in _NOUN_LIKE:
            return p
    return parses[0] if parses else None


def _match_case(original: str, inflected: str) -> str:
    if original.isupper() and len(original) > 1:
        return inflected.upper()
    if original[:1].isupper():
        return inflected[:1].upper() + inflected[1:]
    return inflected


def _inflect(parse: Parse, original: str, grammemes: frozenset[str]) -> str:
    if parse.number == "plur":
        grammemes = grammemes | {"plur"}
    form = parse.inflect(grammemes)
    if form is None:
        return original
    return _match_case(original, form)


def _inflect_head(word: str, grammemes: frozenset[str], lexicon: Lexicon) -> str:
    """Inflect every noun part of a (possibly hyphenated) head word."""
    out: list[str] = []
    for piece in word.split("-"):
        parse = _head_parse(piece, lexicon) if piece else None
        out.append(piece if parse is None else _inflect(parse, piece, grammemes))
    return "-".join(out)


def _inflect_modifier(word: str, parse: Parse, grammemes: frozenset[str]) -> str:
    """Inflect an agreeing adjective; in «учебно-методический» only the last part."""
    pieces = word.split("-")
    pieces[-1] = _inflect(parse, pieces[-1], grammemes)
    return "-".join(pieces)


def _modifiers(words: list[str], lexicon: Lexicon) -> list[Parse]:
    """Parses of the leading adjectives that agree with the word after them."""
    modifiers: list[Parse] = []
    while len(modifiers) + 1 < len(words):
        adj = _modifier_parse(words[len(modifiers)], words[len(modifiers) + 1], lexicon)
        if adj is None:
            break
        modifiers.append(adj)
    return modifiers


@functools.lru_cache(maxsize=4096)
def decline_position(position: str, case: Case) -> str:
    """Decline a job title: only the head words change.

    Raises :class:`GrammarError` only for an unknown case or a text longer
    than any value of a school file; any other title gets a form (words the
    dictionary does not know stay as written).

    The words of the common titles come from the table built ahead
    (position_table.json); pymorphy3 is loaded only for a word not in it.
    """
    return decline_with(position, case, _parses)


def decline_with(position: str, case: Case, lexicon: Lexicon) -> str:
    """:func:`decline_position` with the given source of word analyses."""
    if case not in CASES:
        raise GrammarError(f"неизвестный падеж {case!r}")
    check_length(position)
    words = position.split()
    if case == "nominative" or not words:
        return position

    # 1. Leading adjectives that agree with the next word.
    modifiers = _modifiers(words, lexicon)
    n_modifiers = len(modifiers)

    # 2. The head: a noun, or a substantivised adjective/participle
    #    («вожатый», «заведующая»).
    head_word = words[n_modifiers]
    head_pieces = [p for p in head_word.split("-") if p]
    head_parses = [_head_parse(p, lexicon) for p in head_pieces]
    if not head_parses or head_parses[-1] is None:
        # Nothing we can recognise: leave the title as the user wrote it.
        return position
    head = head_parses[-1]

    grammeme = _PYMORPHY_CASE[case]
    head_grammeme = _accusative(head) if case == "accusative" else grammeme
    # Agreement by sense exists in the nominative only: «социальная педагог»
    # → «социального педагога».
    by_sense = _by_sense_title(modifiers, head)

    result = list(words)
    for i, adj in enumerate(modifiers):
        if by_sense:
            modifier_grammemes = frozenset({head_grammeme, "masc"})
        elif case == "accusative":
            # «старшую вожатую», «младшую коллегу»; masculine and plural
            # adjectives take the animate form: «старшего вожатого».
            feminine = adj.number == "sing" and adj.gender == "femn"
            modifier_grammemes = frozenset({"accs" if feminine else "gent"})
        else:
            modifier_grammemes = frozenset({grammeme})
        result[i] = _inflect_modifier(words[i], adj, modifier_grammemes)
    result[n_modifiers] = _inflect_head(head_word, frozenset({head_grammeme}), lexicon)
    return " ".join(result)


def _accusative(head: Parse) -> str:
    """The grammeme for the accusative of the head word.

    Animate accusative = genitive: «назначить учителя», «старшего вожатого»,
    also where the dictionary marks the noun inanimate («тьютора»), and in
    the plural («учителей»). Feminine heads and nouns in -а/-я have their
    own accusative: «сестру», «заведующую», «коллегу», «судью».
    """
    if head.number == "plur":
        return "gent"
    a_declension = head.pos in _NOUN_LIKE and head.normal_form.endswith(("а", "я"))
    return "accs" if head.gender == "femn" or a_declension else "gent"


def _by_sense_title(modifiers: list[Parse], head: Parse) -> bool:
    return any(_by_sense(adj, head) for adj in modifiers)


def agreement_by_sense(position: str) -> str | None:
    """The official (masculine) nominative of a title such as «социальная педагог».

    ``None`` when the title's adjectives agree with its head noun in gender.
    Cheap for the usual titles: nothing is looked up unless a word ends
    like a feminine adjective (-ая/-яя), and the common words come from
    the table built ahead.
    """
    return agreement_by_sense_with(position, _parses)


def agreement_by_sense_with(position: str, lexicon: Lexicon) -> str | None:
    """:func:`agreement_by_sense` with the given source of word analyses."""
    words = position.split()
    if len(words) < 2 or not any(w.lower().endswith(("ая", "яя")) for w in words[:-1]):
        return None
    check_length(position)
    modifiers = _modifiers(words, lexicon)
    if not modifiers:
        return None
    head_pieces = [p for p in words[len(modifiers)].split("-") if p]
    head = _head_parse(head_pieces[-1], lexicon) if head_pieces else None
    if head is None or not _by_sense_title(modifiers, head):
        return None
    result = list(words)
    for i, adj in enumerate(modifiers):
        result[i] = _inflect_modifier(words[i], adj, frozenset({"nomn", "masc"}))
    return " ".join(result)


def position_forms(position: str) -> dict[Case, str]:
    """All six case forms of a job title."""
    return {case: decline_position(position, case) for case in CASES}
