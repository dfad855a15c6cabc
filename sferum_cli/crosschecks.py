"""Warnings that compare facts of a school file with each other.

* the region code inside ИНН, КПП and ОГРН against ``organization.region``;
* the postal index of ``organization.address`` against the region;
* job titles whose adjective agrees «by sense» («социальная педагог»): the
  documents decline them in the masculine, which the user should see.

Each warning stands at the value it is about.  The tables are in
:mod:`sferum_cli.region_codes`; this module only compares.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sferum_cli import region_codes
from sferum_cli.validation import Problem

if TYPE_CHECKING:
    from sferum_cli.model import Cases, School
    from sferum_cli.yamlio import PathKey, Positions

# Reason code of a КПП given by the inspectorate for the largest taxpayers:
# its first digits are that inspectorate's (77…, 99…), not the region's.
_LARGEST_TAXPAYER_REASON = "50"


def _requisite(
    name: str, digits: str, field: str, code: str, region: str, positions: Positions
) -> Iterator[Problem]:
    if region_codes.tax_code_fits(region, code):
        return
    expected = " или ".join(region_codes.TAX_CODES.get(region, ()))
    named = region_codes.tax_region(code)
    if named:
        message = (
            f"{digits} {name} — {code}, код региона «{named}», а в organization.region "
            f"указан «{region}» (код {expected}): проверьте {name} и субъект РФ"
        )
    else:
        message = (
            f"{digits} {name} — {code}: такого кода региона у ФНС нет "
            f"(у субъекта «{region}» код {expected}); проверьте {name}"
        )
    yield Problem(
        "warning",
        ("organization", field),
        f"{field}.region_mismatch",
        message,
        positions.of_value(("organization", field)),
    )


def requisites(school: School, positions: Positions) -> Iterator[Problem]:
    """ИНН (digits 1–2), КПП (digits 1–2) and ОГРН (digits 4–5) name the region."""
    org = school.organization
    first_two = "первые две цифры"
    yield from _requisite("ИНН", first_two, "inn", org.inn[:2], org.region, positions)
    if org.kpp[4:6] != _LARGEST_TAXPAYER_REASON:
        yield from _requisite("КПП", first_two, "kpp", org.kpp[:2], org.region, positions)
    yield from _requisite("ОГРН", "4-я и 5-я цифры", "ogrn", org.ogrn[3:5], org.region, positions)


def postal(school: School, positions: Positions) -> Iterator[Problem]:
    """The index of the address belongs to another region (neighbours excepted)."""
    org = school.organization
    index = region_codes.postal_index(org.address)
    if index is None:
        return
    other = region_codes.postal_region(index)
    if other is None or region_codes.postal_fits(org.region, other):
        return
    yield Problem(
        "warning",
        ("organization", "address"),
        "address.region_mismatch",
        f"почтовый индекс {index} относится к субъекту РФ «{other}», а в organization.region "
        f"указан «{org.region}»: проверьте индекс и субъект РФ",
        positions.of_value(("organization", "address")),
    )


def _position(
    position: str, cases: Cases | None, path: PathKey, positions: Positions
) -> Iterator[Problem]:
    from sferum_cli.grammar import GrammarError, agreement_by_sense

    if cases is not None:
        return  # the user wrote the forms; the documents print those
    try:
        official = agreement_by_sense(position)
    except GrammarError as exc:
        yield Problem(
            "error",
            (*path, "position"),
            "position.declension",
            f"должность не удаётся просклонять: {exc}; укажите формы в position_cases",
            positions.of_value((*path, "position")),
        )
        return
    if official is None:
        return
    genitive = _genitive(position)
    yield Problem(
        "warning",
        (*path, "position"),
        "position.agreement_by_sense",
        f"«{position}»: прилагательное в женском роде при существительном мужского рода. "
        f"В официальных документах пишут «{official}»; в других падежах документы "
        f"согласуют прилагательное с существительным: «{genitive}». "
        "Другие формы можно указать в position_cases",
        positions.of_value((*path, "position")),
    )


def _genitive(position: str) -> str:
    from sferum_cli.grammar import decline_position

    return decline_position(position, "genitive")


def job_titles(school: School, positions: Positions) -> Iterator[Problem]:
    """Titles the documents decline: the director's and the administrator's."""
    yield from _position(
        school.director.position, school.director.position_cases, ("director",), positions
    )
    yield from _position(
        school.administrator.position,
        school.administrator.position_cases,
        ("administrator",),
        positions,
    )


def all_checks(school: School, positions: Positions) -> Iterator[Problem]:
    yield from requisites(school, positions)
    yield from postal(school, positions)
    yield from job_titles(school, positions)
