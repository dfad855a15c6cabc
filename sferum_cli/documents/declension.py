"""All case forms of a name or a job title, for ``sferum-cli decline``."""

from __future__ import annotations

from typing import Literal

from sferum_cli.errors import InvalidArgumentError, UsageError

CASE_LABELS = {
    "nominative": "именительный (кто? что?)",
    "genitive": "родительный (кого? чего?)",
    "dative": "дательный (кому? чему?)",
    "accusative": "винительный (кого? что?)",
    "instrumental": "творительный (кем? чем?)",
    "prepositional": "предложный (о ком? о чём?)",
}


def _gender(gender: str | None) -> Literal["male", "female"] | None:
    match gender:
        case "male" | "female" | None:
            return gender
    raise UsageError(message=f"неизвестный пол {gender!r}: укажите male или female")


# The text is the command's argument; it is named like this in messages.
ARGUMENT = "аргумент text"


def _phrase(text: str) -> str:
    from sferum_cli.grammar.names import check_length

    phrase = " ".join(text.split())
    check_length(phrase)
    return phrase


def _refuse(exc: Exception, *, kind: str) -> Exception:
    """GrammarError → a missing --gender is a usage error; a bad text is invalid input."""
    from sferum_cli import grammar

    if isinstance(exc, grammar.GenderUnknownError):
        hint = " (--gender male или --gender female)" if kind == "name" else ""
        return UsageError(message=f"{exc}{hint}")
    return InvalidArgumentError(argument=ARGUMENT, reason=str(exc))


def forms(text: str, *, kind: str = "name", gender: str | None = None) -> dict[str, str]:
    """{case: form} for the six cases, in order.

    A text that can't be declined (initials, other characters, too long)
    raises :class:`InvalidArgumentError`; a name whose gender can't be told
    raises :class:`UsageError` asking for ``--gender``.
    """
    from sferum_cli import grammar

    if kind not in ("name", "position"):
        raise UsageError(message=f"неизвестный вид {kind!r}: укажите name или position")
    checked_gender = _gender(gender)
    try:
        phrase = _phrase(text)
        if not phrase:
            raise UsageError(message="нечего склонять: укажите ФИО или должность")
        if kind == "position":
            return {case: form for case, form in grammar.position_forms(phrase).items()}
        return {case: form for case, form in grammar.name_forms(phrase, checked_gender).items()}
    except grammar.GrammarError as exc:
        raise _refuse(exc, kind=kind) from None


def signature_forms(text: str, gender: str | None = None) -> dict[str, str]:
    """«И.О. Фамилия» for a signature (nominative) and an addressee (dative)."""
    from sferum_cli import grammar

    checked_gender = _gender(gender)
    try:
        phrase = _phrase(text)
        return {
            "signature": grammar.initials_surname(phrase, "nominative", checked_gender),
            "addressee": grammar.initials_surname(phrase, "dative", checked_gender),
        }
    except grammar.GrammarError as exc:
        raise _refuse(exc, kind="name") from None
