"""The report's tables — schools, municipalities, regions — as columns with Russian titles.

CSV and XLSX print every column; the terminal, Markdown and HTML show a
shorter selection (:func:`brief_school_row`).  A column's title and value are
decided here once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sferum_cli.progress_report import status as st
from sferum_cli.progress_report.status import Count, Group, RegionReport, SchoolStatus, Totals

Level = Literal["municipality", "region"]
"""What a row of a group table is: a municipality or a region."""

Cell = str | int | float | dt.date | None
Kind = Literal["text", "int", "share", "date"]


@dataclass(frozen=True)
class Column:
    title: str
    kind: Kind
    value: Callable[[SchoolStatus], Cell]


@dataclass(frozen=True)
class GroupColumn:
    title: str
    kind: Kind
    value: Callable[[Group], Cell]


def percent(value: float | None) -> str:
    """«67 %»; «—» when there is nothing to count."""
    return "—" if value is None else f"{round(value * 100)} %"


def date_text(value: dt.date | None) -> str:
    return "" if value is None else f"{value:%d.%m.%Y}"


def fraction(count: Count, *, short: bool = False) -> str:
    """«2 из 3 (67 %)», short «2/3»; «—» when the whole is zero or unknown."""
    if not count.whole:
        return "—"
    if short:
        return f"{count.part}/{count.whole}"
    return f"{count.part} из {count.whole} ({percent(count.share)})"


# Each measure (status.MEASURES) as columns: the part, the whole and the share.
MEASURE_TITLES = {
    "teachers": ("Учителей с подтверждённой ролью", "Учителей всего", "Доля учителей"),
    "classes": ("Классов со ссылкой", "Классов всего", "Доля классов"),
    "pupils": ("Учеников в классах со ссылкой", "Учеников всего", "Доля учеников"),
}


def _count_cells(measure: str) -> list[tuple[str, Kind, Callable[[Count], Cell]]]:
    part, whole, share = MEASURE_TITLES[measure]
    return [
        (part, "int", lambda count: count.part),
        (whole, "int", lambda count: count.whole),
        (share, "share", lambda count: count.share),
    ]


def _of_count(measure: str, get: Callable[[Count], Cell]) -> Callable[[Any], Cell]:
    """A cell of a school or of sums, from its :class:`Count` of ``measure``."""
    return lambda item: get(getattr(item, measure))


def _mark(status: SchoolStatus, stage: str) -> Cell:
    """The milestone's date; «да» where the file proves it without one."""
    step = status.steps.get(stage)
    if step is None or not step.done:
        return None
    return step.done_on if step.done_on is not None else "да"


def school_columns(report: RegionReport) -> list[Column]:
    titles = st.bucket_titles()
    as_of = report.as_of
    columns = [
        Column("Файл", "text", lambda s: s.path),
        Column("Школа", "text", lambda s: s.name),
        Column("Регион", "text", lambda s: s.region),
        Column("Муниципалитет", "text", lambda s: s.municipality),
        Column("Этап", "text", lambda s: titles[s.stage]),
        Column("Следующий шаг", "text", lambda s: s.next_step_title),
        Column("Последняя отметка", "date", lambda s: s.last_step_on),
        Column("Дней без движения", "int", lambda s: s.idle_days(as_of)),
        Column("Застряла", "text", lambda s: "да" if report.is_stalled(s) else "нет"),
        Column("Ошибок в файле", "int", lambda s: s.error.count if s.error else 0),
        Column("Первая ошибка", "text", lambda s: s.error.location if s.error else None),
    ]
    columns += [
        Column(title, kind, _of_count(measure, get))
        for measure in st.MEASURES
        for title, kind, get in _count_cells(measure)
    ]
    columns += [_stage_column(titles[stage], stage) for stage in st.STAGES]
    if report.show_pii:
        columns += [_admin_column("Администратор", 0), _admin_column("Телефон администратора", 1)]
    return columns


def _stage_column(title: str, stage: str) -> Column:
    return Column(title, "date", lambda s: _mark(s, stage))


def _admin_column(title: str, index: int) -> Column:
    return Column(title, "text", lambda s: s.administrator[index] if s.administrator else None)


def _totals_columns() -> list[tuple[str, Kind, Callable[[Totals], Cell]]]:
    titles = st.bucket_titles()
    columns: list[tuple[str, Kind, Callable[[Totals], Cell]]] = [
        ("Школ", "int", lambda t: t.schools),
        ("Завершили", "int", lambda t: t.complete),
        ("В работе", "int", lambda t: t.in_progress),
        ("Не начали", "int", lambda t: t.not_started),
        ("С ошибками в файле", "int", lambda t: t.with_errors),
        ("Застряли", "int", lambda t: t.stalled),
    ]
    columns += [
        (title, kind, _of_count(measure, get))
        for measure in st.MEASURES
        for title, kind, get in _count_cells(measure)
    ]
    columns += [(f"Этап: {titles[b]}", "int", _bucket_count(b)) for b in st.BUCKETS[1:]]
    return columns


def _bucket_count(bucket: str) -> Callable[[Totals], Cell]:
    return lambda totals: totals.by_stage[bucket]


def _of_totals(get: Callable[[Totals], Cell]) -> Callable[[Group], Cell]:
    return lambda group: get(group.totals)


def group_columns(level: Level) -> list[GroupColumn]:
    head = [GroupColumn("Регион", "text", lambda g: g.region or "не указан")]
    if level == "municipality":
        head.append(GroupColumn("Муниципалитет", "text", st.place))
    return head + [GroupColumn(t, kind, _of_totals(get)) for t, kind, get in _totals_columns()]


def group_rows(
    groups: Sequence[Group], level: Level
) -> tuple[list[str], list[list[Cell]], list[Kind]]:
    columns = group_columns(level)
    rows = [[c.value(g) for c in columns] for g in groups]
    return [c.title for c in columns], rows, [c.kind for c in columns]


def brief_school_row(
    report: RegionReport, status: SchoolStatus, *, short: bool = False
) -> list[str]:
    """Школа, Муниципалитет, Этап, Следующий шаг, Учителя, Классы, Ученики, Последняя отметка."""
    titles = st.bucket_titles()
    stage = titles[status.stage]
    if status.error is not None:
        stage = f"{stage}: {status.error.count} ({status.error.location})"
    return [
        status.title,
        status.municipality or "не указан",
        stage,
        status.next_step_title or "—",
        *(fraction(getattr(status, measure), short=short) for measure in st.MEASURES),
        date_text(status.last_step_on) or "—",
    ]


BRIEF_SCHOOL_HEADERS = [
    "Школа",
    "Муниципалитет",
    "Этап",
    "Следующий шаг",
    "Учителя с ролью",
    "Классы со ссылкой",
    "Ученики",
    "Последняя отметка",
]


def summary_lines(report: RegionReport) -> list[str]:
    """The header of every human format: the date and the totals."""
    t = report.totals
    return [
        f"Отчёт на {date_text(report.as_of)}: школ {t.schools}; завершили {t.complete}, "
        f"в работе {t.in_progress}, не начали {t.not_started}, с ошибками в файле "
        f"{t.with_errors}; застряли (нет движения больше {report.stalled_after} дн.) {t.stalled}.",
        f"Учителя с подтверждённой ролью: {fraction(t.teachers)}; "
        f"классы со ссылкой-приглашением: {fraction(t.classes)}; "
        f"ученики в классах со ссылкой: {fraction(t.pupils)}.",
    ]


def stalled_row(report: RegionReport, status: SchoolStatus) -> list[str]:
    """Школа, Муниципалитет, Застряла на шаге, Последняя отметка, Дней."""
    return [
        status.title,
        status.municipality or "не указан",
        status.next_step_title or "—",
        date_text(status.last_step_on),
        str(status.idle_days(report.as_of)),
    ]


STALLED_HEADERS = ["Школа", "Муниципалитет", "Застряла на шаге", "Последняя отметка", "Дней"]
MUNICIPALITY_HEADERS = [
    "Муниципалитет",
    "Школ",
    "Завершили",
    "В работе",
    "Не начали",
    "С ошибками",
    "Застряли",
    "Учителя с ролью",
    "Классы со ссылкой",
    "Ученики",
]


def brief_group_row(group: Group, *, short: bool = False) -> list[str]:
    t = group.totals
    return [
        st.place(group),
        str(t.schools),
        str(t.complete),
        str(t.in_progress),
        str(t.not_started),
        str(t.with_errors),
        str(t.stalled),
        *(fraction(getattr(t, measure), short=short) for measure in st.MEASURES),
    ]
