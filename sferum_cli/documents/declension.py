"""All case forms of a name or a job title, for ``sferum-cli decline``."""

from __future__ import annotations

from typing import Literal

from sferum_cli.errors import UsageError

CASE_LABELS = {
    "nominative": "именительный (кто? что?)",
    "genitive": "родительный (кого? чего?)",
    "dative": "дательный (кому? чему?)",
    "accusative": "винительный (кого? что?)",
    "instrumental": "творительный (кем? чем?)",
    "prepositional": "предложный (о ком? о чём?)",
}


def _gender(gender: str | None) -> Literal["male", "female"] | None:
    if gender is None or gender in ("male", "female"):
        return gender  # type: ignore[return-value]
    raise UsageError(message=f"неизвестный пол {gender!r}: укажите male или female")


def forms(text: str, *, kind: str = "name", gender: str | None = None) -> dict[str, str]:
    """{case: form} for the six cases, in order; GrammarError → UsageError."""
    from sferum_cli import grammar

    if kind not in ("name", "position"):
        raise UsageError(message=f"неизвестный вид {kind!r}: укажите name или position")
    phrase = " ".join(text.split())
    if not phrase:
        raise UsageError(message="нечего склонять: укажите ФИО или должность")
    try:
        if kind == "position":
            return {case: form for case, form in grammar.position_forms(phrase).items()}
        return {case: form for case, form in grammar.name_forms(phrase, _gender(gender)).items()}
    except grammar.GrammarError as exc:
        hint = " (--gender male или --gender female)" if kind == "name" else ""
        raise UsageError(message=f"{exc}{hint}") from None


def signature_forms(text: str, gender: str | None = None) -> dict[str, str]:
    """«И.О. Фамилия» for a signature (nominative) and an addressee (dative)."""
    from sferum_cli import grammar

    phrase = " ".join(text.split())
    try:
        return {
            "signature": grammar.initials_surname(phrase, "nominative", _gender(gender)),
            "addressee": grammar.initials_surname(phrase, "dative", _gender(gender)),
        }
    except grammar.GrammarError as exc:
        raise UsageError(message=str(exc)) from None
