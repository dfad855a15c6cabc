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

pymorphy3 is imported lazily and its analyzer is created once per process.
"""

from __future__ import annotations

import functools
from typing import Any

from .names import CASES, Case, GrammarError

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
    """Parses of ``word`` that are in the nominative singular/plural."""
    return tuple(
        p
        for p in _morph().parse(word.lower())
        if p.tag.case == "nomn" and (p.tag.POS in _NOUN_LIKE or p.tag.POS in _ADJ_LIKE)
    )


def _agrees(adj: Any, noun: Any) -> bool:
    if adj.tag.number != noun.tag.number:
        return False
    if adj.tag.number == "plur":
        return True
    return bool(noun.tag.gender == adj.tag.gender or noun.tag.gender == "ms-f")


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


def _match_case(original: str, inflected: str, keep_yo: bool) -> str:
    # pymorphy3 writes ё («секретарём»); keep it only if the user's title
    # uses ё at all, otherwise write е as the rest of the title does.
    if not keep_yo:
        inflected = inflected.replace("ё", "е")
    if original.isupper() and len(original) > 1:
        return inflected.upper()
    if original[:1].isupper():
        return inflected[:1].upper() + inflected[1:]
    return inflected


def _inflect(parse: Any, original: str, grammemes: set[str], keep_yo: bool) -> str:
    if parse.tag.number == "plur":
        grammemes = grammemes | {"plur"}
    form = parse.inflect(grammemes)
    if form is None:
        return original
    return _match_case(original, str(form.word), keep_yo)


def _inflect_head(word: str, grammemes: set[str], keep_yo: bool) -> str:
    """Inflect every noun part of a (possibly hyphenated) head word."""
    out: list[str] = []
    for piece in word.split("-"):
        parse = _head_parse(piece) if piece else None
        out.append(piece if parse is None else _inflect(parse, piece, grammemes, keep_yo))
    return "-".join(out)


def _inflect_modifier(word: str, parse: Any, grammemes: set[str], keep_yo: bool) -> str:
    """Inflect an agreeing adjective; in «учебно-методический» only the last part."""
    pieces = word.split("-")
    pieces[-1] = _inflect(parse, pieces[-1], grammemes, keep_yo)
    return "-".join(pieces)


@functools.lru_cache(maxsize=4096)
def decline_position(position: str, case: Case) -> str:
    """Decline a job title: only the head words change."""
    if case not in CASES:
        raise GrammarError(f"неизвестный падеж {case!r}")
    words = position.split()
    if case == "nominative" or not words:
        return position

    # 1. Leading adjectives that agree with the next word.
    modifiers: list[Any] = []
    while len(modifiers) + 1 < len(words):
        adj = _modifier_parse(words[len(modifiers)], words[len(modifiers) + 1])
        if adj is None:
            break
        modifiers.append(adj)
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
    if case == "accusative" and head.tag.gender != "femn" and head.tag.number != "plur":
        # Animate accusative: «назначить учителя / старшего вожатого».
        grammeme = "gent"
    elif case == "accusative" and head.tag.number == "plur":
        grammeme = "gent"
    grammemes = {grammeme}

    keep_yo = "ё" in position.lower()
    result = list(words)
    for i, adj in enumerate(modifiers):
        result[i] = _inflect_modifier(words[i], adj, grammemes, keep_yo)
    result[n_modifiers] = _inflect_head(head_word, grammemes, keep_yo)
    return " ".join(result)


def position_forms(position: str) -> dict[Case, str]:
    """All six case forms of a job title."""
    return {case: decline_position(position, case) for case in CASES}
