"""`report`'s library: each school's stage, the sums by municipality and region, stalled schools."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from region_schools import (
    AS_OF,
    EXPECTED_TOTALS,
    KIROV,
    SLOBODSKOY,
    school_text,
    write_region,
)

from sferum_cli import files
from sferum_cli.errors import UsageError
from sferum_cli.progress_report import collect
from sferum_cli.progress_report.status import STAGES, Count, RegionReport, SchoolStatus


def _report(folder: Path, *, as_of: dt.date = AS_OF, stalled_after: int = 14) -> RegionReport:
    targets = files.find_school_files([folder])
    return collect.collect(targets, as_of=as_of, stalled_after=stalled_after)


def _by_name(report: RegionReport) -> dict[str, SchoolStatus]:
    return {s.path.rsplit("/", 1)[-1]: s for s in report.schools}


@pytest.fixture
def region(tmp_path: Path) -> RegionReport:
    return _report(write_region(tmp_path / "schools"))


def test_stage_is_the_unbroken_run_of_milestones_and_the_step_after_it(
    region: RegionReport,
) -> None:
    schools = _by_name(region)
    assert (schools["a.yaml"].stage, schools["a.yaml"].next_step) == (
        "letter_sent",
        "reply_received",
    )
    assert schools["a.yaml"].next_step_title == "Получить ответ Сферума"
    assert schools["b.yaml"].complete and schools["b.yaml"].stage == "policy_adopted"
    assert schools["b.yaml"].next_step is None
    assert (schools["d.yaml"].stage, schools["d.yaml"].next_step) == ("not_started", "order_signed")


def test_a_gap_stops_the_stage_even_when_later_milestones_are_dated(tmp_path: Path) -> None:
    progress = "  order_signed: 2023-08-21\n  structure_built: 2023-09-01\n"
    (tmp_path / "s.yaml").write_text(school_text("С", KIROV, progress), encoding="utf-8")
    (status,) = _report(tmp_path).schools
    assert status.stage == "order_signed"
    assert status.next_step == "letter_sent"
    assert status.steps["structure_built"].done  # still shown as done on its own


def test_milestones_proved_by_the_file_count_without_a_date(tmp_path: Path) -> None:
    progress = "".join(
        f"  {stage}: 2023-09-01\n"
        for stage in STAGES
        if stage not in ("teachers_verified", "invite_links_created")
    )
    text = school_text("С", KIROV, progress)
    text = text.replace("status: pending", "status: verified").replace(
        "status: not_registered", "status: verified"
    )
    text = text.replace(
        "    pupils: 21\n", "    pupils: 21\n    invite_link: https://sferum.ru/?invite=x\n"
    )
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    (status,) = _report(tmp_path).schools
    assert status.complete
    assert status.steps["teachers_verified"].done_on is None
    assert status.teachers.part == status.teachers.whole == 3
    assert status.classes.part == status.classes.whole == 3


def test_dates_after_as_of_do_not_count_yet(region: RegionReport) -> None:
    school = _by_name(region)["e.yaml"]
    assert school.stage == "order_signed"
    assert not school.steps["letter_sent"].done
    assert school.last_step_on == dt.date(2023, 9, 1)
    later = _by_name(_report(Path(school.path).parent, as_of=dt.date(2023, 10, 5)))["e.yaml"]
    assert later.stage == "letter_sent"


def test_shares_of_teachers_classes_and_pupils(region: RegionReport) -> None:
    school = _by_name(region)["a.yaml"]
    # The Kirov example: 1 of 3 teachers verified, 2 of 3 classes linked (26 + 28 pupils),
    # 812 pupils in the school.
    assert (school.teachers.part, school.teachers.whole) == (1, 3)
    assert (school.classes.part, school.classes.whole) == (2, 3)
    assert (school.pupils.part, school.pupils.whole) == (54, 812)
    assert school.teachers.share == pytest.approx(1 / 3)


def test_pupils_total_falls_back_to_the_listed_classes(tmp_path: Path) -> None:
    text = school_text("С", KIROV, None).replace("  pupils_total: 812\n", "")
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    (status,) = _report(tmp_path).schools
    assert (status.pupils.part, status.pupils.whole) == (54, 26 + 28 + 21)


def test_files_with_errors_are_listed_with_their_count_and_first_place(
    region: RegionReport,
) -> None:
    schools = _by_name(region)
    broken = schools["f-broken.yaml"]
    assert broken.stage == "errors" and not broken.valid
    assert broken.error is not None
    assert (broken.error.count, broken.error.code) == (1, "inn.checksum")
    assert broken.error.location.endswith("f-broken.yaml:14:8")
    # What did validate is still used to place it.
    assert (broken.name, broken.municipality) == ("Школа Е", SLOBODSKOY)
    not_yaml = schools["g-not-yaml.yaml"]
    assert not_yaml.error is not None and not_yaml.error.code == "yaml.tab"
    assert not_yaml.error.line == 3 and not_yaml.municipality is None
    assert len(region.schools) == 7


def test_totals_by_municipality_and_region(region: RegionReport) -> None:
    totals = region.totals
    got = {key: getattr(totals, key) for key in EXPECTED_TOTALS}
    assert got == EXPECTED_TOTALS
    places = {(g.municipality, g.totals.schools) for g in region.municipalities}
    assert places == {(KIROV, 3), (SLOBODSKOY, 3), (None, 1)}
    kirov = next(g for g in region.municipalities if g.municipality == KIROV)
    assert kirov.totals.complete == 1 and kirov.totals.stalled == 2
    assert kirov.totals.by_stage["letter_sent"] == 1
    assert kirov.totals.by_stage["order_signed"] == 1
    slobodskoy = next(g for g in region.municipalities if g.municipality == SLOBODSKOY)
    assert slobodskoy.totals.with_errors == 1 and slobodskoy.totals.not_started == 1
    (kirov_region, unknown) = region.regions
    assert kirov_region.region == "Кировская область" and kirov_region.totals.schools == 6
    assert unknown.region is None and unknown.totals.schools == 1
    teachers = sum((g.totals.teachers for g in region.municipalities), start=Count())
    assert teachers == totals.teachers == Count(5, 15)


def test_stalled_schools_longest_idle_first_with_their_step(region: RegionReport) -> None:
    stalled = [(Path(s.path).name, s.next_step, s.idle_days(AS_OF)) for s in region.stalled]
    assert stalled == [("a.yaml", "reply_received", 37), ("e.yaml", "letter_sent", 30)]


def test_stalled_after_is_a_strict_threshold(tmp_path: Path) -> None:
    folder = write_region(tmp_path / "schools")
    assert [Path(s.path).name for s in _report(folder, stalled_after=30).stalled] == ["a.yaml"]
    assert [Path(s.path).name for s in _report(folder, stalled_after=29).stalled] == [
        "a.yaml",
        "e.yaml",
    ]
    # Schools with nothing recorded, finished ones and broken files are never stalled.
    everything = _report(folder, stalled_after=0)
    assert {Path(s.path).name for s in everything.stalled} == {"a.yaml", "c.yaml", "e.yaml"}


def test_teachers_come_from_the_roster_the_school_names(tmp_path: Path) -> None:
    text = school_text("С", KIROV, None).split("teachers:\n")[0]
    text += "teachers_roster: teachers.csv\n"
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "teachers.csv").write_text(
        "ФИО;Статус\nУчителева Мария Ивановна;подтверждён\nПетров Пётр Петрович;ожидает\n",
        encoding="utf-8",
    )
    (status,) = _report(tmp_path).schools
    assert (status.teachers.part, status.teachers.whole) == (1, 2)


def test_an_unreadable_roster_makes_the_school_a_school_with_errors(tmp_path: Path) -> None:
    text = school_text("С", KIROV, None).split("teachers:\n")[0]
    text += "teachers_roster: teachers.xls\n"
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "teachers.xls").write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    (status,) = _report(tmp_path).schools
    assert status.error is not None
    assert status.error.location == f"{tmp_path / 's.yaml'}:{text.count(chr(10))}:18"
    assert (status.name, status.municipality) == ("С", KIROV)


def test_default_date_is_today_or_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert collect.default_as_of() == dt.date.today()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1696118400")  # 2023-10-01 00:00 UTC
    assert collect.default_as_of() == dt.date(2023, 10, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "вчера")
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        collect.default_as_of()


def test_as_of_reads_both_date_forms_and_refuses_others() -> None:
    assert collect.parse_date("2023-10-01") == collect.parse_date("01.10.2023")
    with pytest.raises(UsageError, match=r"--as-of «31\.02\.2023»: такой даты нет"):
        collect.parse_date("31.02.2023")
    with pytest.raises(UsageError, match="ГГГГ-ММ-ДД"):
        collect.parse_date("завтра")


def test_a_share_is_none_without_a_whole_and_never_over_one() -> None:
    assert Count(0, 0).share is None and Count(3, None).share is None
    assert Count(900, 812).share == 1.0  # more pupils linked than the school says it has
    assert Count(1, 2) + Count(2, None) == Count(3, 2)


def test_municipalities_in_natural_order_unknown_last() -> None:
    from sferum_cli.progress_report.status import build_report

    names = ["Округ № 10", None, "округ № 2", "Ёлкинский район", "Округ № 1"]
    statuses = [SchoolStatus(f"{i}.yaml", "Ш", "Кировская область", m) for i, m in enumerate(names)]
    report = build_report(statuses, as_of=AS_OF, stalled_after=14)
    assert [g.municipality for g in report.municipalities] == [
        "Ёлкинский район",
        "Округ № 1",
        "округ № 2",
        "Округ № 10",
        None,
    ]
