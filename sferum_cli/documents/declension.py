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


def forms(
    text: str,
    *,
    kind: Literal["name", "position"] = "name",
    gender: Literal["male", "female"] | None = None,
) -> dict[str, str]:
    """{case: form} for the six cases, in order; GrammarError → UsageError."""
    from sferum_cli import grammar

    phrase = " ".join(text.split())
    if not phrase:
        raise UsageError(message="нечего склонять: укажите ФИО или должность")
    try:
        if kind == "position":
            return {case: form for case, form in grammar.position_forms(phrase).items()}
        return {case: form for case, form in grammar.name_forms(phrase, gender).items()}
    except grammar.GrammarError as exc:
        hint = " (--gender male или --gender female)" if kind == "name" else ""
        raise UsageError(message=f"{exc}{hint}") from None


def signature_forms(text: str, gender: Literal["male", "female"] | None = None) -> dict[str, str]:
    """«И.О. Фамилия» for a signature (nominative) and an addressee (dative)."""
    from sferum_cli import grammar

    phrase = " ".join(text.split())
    try:
        return {
            "signature": grammar.initials_surname(phrase, "nominative", gender),
            "addressee": grammar.initials_surname(phrase, "dative", gender),
        }
    except grammar.GrammarError as exc:
        raise UsageError(message=str(exc)) from None
