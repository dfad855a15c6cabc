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

pymorphy3 is imported lazily and its analyzer is created once per process.
"""

from __future__ import annotations

import functools
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


@functools.cache
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=4096)
def _nominative_parses(word: str) -> tuple[Any, ...]:
    """Parses of ``word`` that are in the nominative singular/plural.

    Dictionary spellings first: «вахтер» is both «вахтёр» and an informal
    spelling (Infr) whose forms lose the ё.
    """
    parses = [
        p
        for p in _morph().parse(word.lower())
        if p.tag.case == "nomn" and (p.tag.POS in _NOUN_LIKE or p.tag.POS in _ADJ_LIKE)
    ]
    return tuple(sorted(parses, key=lambda p: "Infr" in p.tag))


def _common_gender(noun: Any) -> bool:
    # «коллега», «судья»: the tag carries «ms-f» and tag.gender is None
    # (comparing tag.gender with "ms-f" raises ValueError).
    return "ms-f" in noun.tag


def _by_sense(adj: Any, noun: Any) -> bool:
    """A feminine adjective with a masculine person noun: «социальная педагог»."""
    return bool(
        adj.tag.number == "sing"
        and noun.tag.number == "sing"
        and adj.tag.gender == "femn"
        and noun.tag.gender == "masc"
        and noun.tag.POS in _NOUN_LIKE
        and noun.tag.animacy == "anim"
    )


def _agrees(adj: Any, noun: Any) -> bool:
    if adj.tag.number != noun.tag.number:
        return False
    if adj.tag.number == "plur":
        return True
    return bool(adj.tag.gender == noun.tag.gender or _common_gender(noun) or _by_sense(adj, noun))


def _modifier_parse(word: str, next_word: str) -> Any | None:
    """The adjective parse of ``word`` if it agrees with a nominative ``next_word``."""
    next_parses = [p for w in next_word.split("-") for p in _nominative_parses(w)]
    if not next_parses:
        return None
    last_piece = word.split("-")[-1]
    for adj in _nominative_parses(last_piece):
        if adj.tag.POS in _ADJ_LIKE and any(_agrees(adj, n) for n in next_parses):
            return adj
    return None


def _head_parse(word: str) -> Any | None:
    parses = _nominative_parses(word)
    for p in parses:
        if p.tag.POS in _NOUN_LIKE:
            return p
    return parses[0] if parses else None


def _match_case(original: str, inflected: str) -> str:
    if original.isupper() and len(original) > 1:
        return inflected.upper()
    if original[:1].isupper():
        return inflected[:1].upper() + inflected[1:]
    return inflected


def _inflect(parse: Any, original: str, grammemes: set[str]) -> str:
    if parse.tag.number == "plur":
        grammemes = grammemes | {"plur"}
    form = parse.inflect(grammemes)
    if form is None:
        return original
    return _match_case(original, str(form.word))


def _inflect_head(word: str, grammemes: set[str]) -> str:
    """Inflect every noun part of a (possibly hyphenated) head word."""
    out: list[str] = []
    for piece in word.split("-"):
        parse = _head_parse(piece) if piece else None
        out.append(piece if parse is None else _inflect(parse, piece, grammemes))
    return "-".join(out)


def _inflect_modifier(word: str, parse: Any, grammemes: set[str]) -> str:
    """Inflect an agreeing adjective; in «учебно-методический» only the last part."""
    pieces = word.split("-")
    pieces[-1] = _inflect(parse, pieces[-1], grammemes)
    return "-".join(pieces)


def _modifiers(words: list[str]) -> list[Any]:
    """Parses of the leading adjectives that agree with the word after them."""
    modifiers: list[Any] = []
    while len(modifiers) + 1 < len(words):
        adj = _modifier_parse(words[len(modifiers)], words[len(modifiers) + 1])
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
    """
    if case not in CASES:
        raise GrammarError(f"неизвестный падеж {case!r}")
    check_length(position)
    words = position.split()
    if case == "nominative" or not words:
        return position

    # 1. Leading adjectives that agree with the next word.
    modifiers = _modifiers(words)
    n_modifiers = len(modifiers)

    # 2. The head: a noun, or a substantivised adjective/participle
    #    («вожатый», «заведующая»).
    head_word = words[n_modifiers]
    head_pieces = [p for p in head_word.split("-") if p]
    head_parses = [_head_parse(p) for p in head_pieces]
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
            modifier_grammemes = {head_grammeme, "masc"}
        elif case == "accusative":
            # «старшую вожатую», «младшую коллегу»; masculine and plural
            # adjectives take the animate form: «старшего вожатого».
            feminine = adj.tag.number == "sing" and adj.tag.gender == "femn"
            modifier_grammemes = {"accs" if feminine else "gent"}
        else:
            modifier_grammemes = {grammeme}
        result[i] = _inflect_modifier(words[i], adj, modifier_grammemes)
    result[n_modifiers] = _inflect_head(head_word, {head_grammeme})
    return " ".join(result)


def _accusative(head: Any) -> str:
    """The grammeme for the accusative of the head word.

    Animate accusative = genitive: «назначить учителя», «старшего вожатого»,
    also where the dictionary marks the noun inanimate («тьютора»), and in
    the plural («учителей»). Feminine heads and nouns in -а/-я have their
    own accusative: «сестру», «заведующую», «коллегу», «судью».
    """
    if head.tag.number == "plur":
        return "gent"
    a_declension = head.tag.POS in _NOUN_LIKE and head.normal_form.endswith(("а", "я"))
    return "accs" if head.tag.gender == "femn" or a_declension else "gent"


def _by_sense_title(modifiers: list[Any], head: Any) -> bool:
    return any(_by_sense(adj, head) for adj in modifiers)


def agreement_by_sense(position: str) -> str | None:
    """The official (masculine) nominative of a title such as «социальная педагог».

    ``None`` when the title's adjectives agree with its head noun in gender.
    Cheap for the usual titles: the dictionary is loaded only when a word
    ends like a feminine adjective (-ая/-яя).
    """
    words = position.split()
    if len(words) < 2 or not any(w.lower().endswith(("ая", "яя")) for w in words[:-1]):
        return None
    check_length(position)
    modifiers = _modifiers(words)
    if not modifiers:
        return None
    head_pieces = [p for p in words[len(modifiers)].split("-") if p]
    head = _head_parse(head_pieces[-1]) if head_pieces else None
    if head is None or not _by_sense_title(modifiers, head):
        return None
    result = list(words)
    for i, adj in enumerate(modifiers):
        result[i] = _inflect_modifier(words[i], adj, {"nomn", "masc"})
    return " ".join(result)


def position_forms(position: str) -> dict[Case, str]:
    """All six case forms of a job title."""
    return {case: decline_position(position, case) for case in CASES}
