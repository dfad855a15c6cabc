"""`import --template` and `export`: the workbook a region edits, and the round trip."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from table_data import HEADERS, school_row, write_csv
from test_validators import make_inn, make_ogrn

from sferum_cli import regions
from sferum_cli.model import MESSENGER_NAMES, Administrator, Organization, Platform
from sferum_cli.table import columns, importer, workbook

ROOT = Path(__file__).resolve().parent.parent


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_model_choices_and_the_drop_down_words_agree() -> None:
    model_types = get_args(Organization.model_fields["type"].annotation)
    assert tuple(columns.ORGANIZATION_TYPES) == model_types
    assert tuple(MESSENGER_NAMES) == get_args(Platform.model_fields["messenger"].annotation)
    gender = Administrator.model_fields["gender"].annotation
    assert set(columns.GENDERS) == set(get_args(get_args(gender)[0]))
    for key, words in columns.choices().items():
        for code, word in words.items():
            assert columns.from_word(key, word.upper()) == code
            assert columns.from_word(key, code) == code
            assert columns.to_word(key, code) == word


def test_every_column_is_a_scalar_key_of_the_carried_sections() -> None:
    from sferum_cli import scaffold

    index = scaffold.leaf_index()
    for column in columns.COLUMNS:
        assert column.key in index and column.path[0] in columns.SECTIONS
    carried = [leaf.dotted for leaf in scaffold.leaves() if leaf.path[0] in columns.SECTIONS]
    assert [c.key for c in columns.COLUMNS] == [k for k in carried if k in columns.BY_KEY]
    assert columns.letter(0) == "A" and columns.letter(25) == "Z" and columns.letter(26) == "AA"


def test_template_has_headers_hints_and_drop_down_lists(invoke, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "шаблон.xlsx"
    result = invoke("import", "--template", "-o", str(path))
    assert result.exit_code == 0, result.output
    assert f"sferum-cli import {path} -o schools/" in result.output
    book = load_workbook(path)
    sheet = book["Школы"]
    labels = [column.label for column in columns.COLUMNS]
    assert [c.value for c in sheet[1]] == labels
    assert [c.value for c in sheet[2]] == workbook.hints()
    assert sheet.max_row == 2 or all(c.value is None for c in sheet[3])
    assert sheet.freeze_panes == "A3"
    lists = book["Списки"]
    assert lists.sheet_state == "hidden"

    def listed(formula: str) -> list[str]:
        area = formula.split("!")[1].replace("$", "")
        return [str(c.value) for (c,) in lists[area]]

    found: dict[str, list[str]] = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        ranges = str(validation.sqref).split()
        assert len(ranges) == 1
        start, end = ranges[0].split(":")
        letter = start.rstrip("0123456789")
        assert start == f"{letter}3" and end == f"{letter}1003"
        found[labels[[columns.letter(i) for i in range(len(labels))].index(letter)]] = listed(
            validation.formula1
        )
    assert found == {
        "Регион": list(regions.REGIONS),
        "Тип организации": ["школа", "детский сад", "колледж", "дополнительное образование"],
        "Дополнительные программы": ["да", "нет"],
        "Пол директора": ["мужской", "женский"],
        "Пол администратора": ["мужской", "женский"],
        "Мессенджер": ["MAX", "VK Мессенджер"],
    }
    inn = columns.letter(labels.index("ИНН"))
    assert sheet[f"{inn}3"].number_format == "@"  # ИНН is text: leading zeros stay


def test_template_refuses_other_formats_and_an_existing_file(invoke, tmp_path: Path) -> None:
    assert invoke("import", "--template", "-o", str(tmp_path / "t.csv")).exit_code == 2
    (tmp_path / "t.xlsx").write_bytes(b"mine")
    result = invoke("import", "--template", "-o", str(tmp_path / "t.xlsx"))
    assert result.exit_code == 1 and "--force" in result.stderr
    assert (tmp_path / "t.xlsx").read_bytes() == b"mine"


def libreoffice_csv(path: Path, tmp_path: Path) -> list[list[str]]:
    """The first sheet of ``path`` as LibreOffice reads it (converted to CSV)."""
    from sferum_cli.documents.libreoffice import find_soffice

    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            find_soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path / "lo"),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = (tmp_path / "lo" / f"{path.stem}.csv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.libreoffice
def test_libreoffice_opens_the_template_and_the_export(invoke, tmp_path: Path) -> None:
    template = tmp_path / "шаблон.xlsx"
    assert invoke("import", "--template", "-o", str(template)).exit_code == 0
    rows = libreoffice_csv(template, tmp_path)
    assert rows[0] == [column.label for column in columns.COLUMNS]
    assert rows[1] == workbook.hints()

    folder = tmp_path / "schools"
    shutil.copytree(ROOT / "examples", folder, ignore=shutil.ignore_patterns("ci"))
    exported = tmp_path / "export.xlsx"
    assert invoke("export", str(folder), "-o", str(exported)).exit_code == 0
    rows = libreoffice_csv(exported, tmp_path)
    inn = [c.label for c in columns.COLUMNS].index("ИНН")
    assert [row[inn] for row in rows[2:] if any(row)] == ["4345903219", "1649012346"]
    # what LibreOffice saved imports as «unchanged»
    (tmp_path / "lo.csv").write_text(
        "\n".join(",".join(f'"{c}"' for c in row) for row in rows), encoding="utf-8"
    )
    before = snapshot(folder)
    result = invoke("import", str(tmp_path / "lo.csv"), "-o", str(folder))
    assert result.exit_code == 0, result.output
    assert "без изменений: 2" in result.output
    assert snapshot(folder) == before


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_changes_nothing_on_the_examples(
    invoke, tmp_path: Path, suffix: str
) -> None:
    folder = tmp_path / "schools"
    shutil.copytree(ROOT / "examples", folder, ignore=shutil.ignore_patterns("ci"))
    before = snapshot(folder)
    table = tmp_path / f"schools{suffix}"
    result = invoke("export", str(folder), "-o", str(table))
    assert result.exit_code == 0, result.output
    assert f"Записана таблица школ: {table} (школ: 2)" in result.output
    result = invoke("import", str(table), "-o", str(folder), "--format", "json")
    assert result.exit_code == 0, result.output
    import json

    report = json.loads(result.stdout)
    assert [r["status"] for r in report["rows"]] == ["unchanged", "unchanged"]
    assert snapshot(folder) == before


def test_export_names_files_it_cannot_read_and_still_writes_the_rest(
    invoke, tmp_path: Path
) -> None:
    folder = tmp_path / "schools"
    shutil.copytree(ROOT / "examples", folder, ignore=shutil.ignore_patterns("ci"))
    (folder / "broken.yaml").write_text("organization:\n  inn: [1\n", encoding="utf-8")
    result = invoke("export", str(folder), "-o", str(tmp_path / "t.csv"))
    assert result.exit_code == 1
    assert "broken.yaml:3:1: " in result.output or "broken.yaml:2:" in result.output
    text = (tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert "4345903219" in text and "1649012346" in text


def test_export_refuses_an_unknown_suffix_and_needs_force(invoke, tmp_path: Path) -> None:
    assert invoke("export", str(ROOT / "examples"), "-o", str(tmp_path / "t.ods")).exit_code == 2
    (tmp_path / "t.xlsx").write_bytes(b"old")
    result = invoke("export", str(ROOT / "examples"), "-o", str(tmp_path / "t.xlsx"))
    assert result.exit_code == 1 and (tmp_path / "t.xlsx").read_bytes() == b"old"
    forced = invoke("export", str(ROOT / "examples"), "-o", str(tmp_path / "t.xlsx"), "--force")
    assert forced.exit_code == 0


def test_a_formula_looking_value_stays_a_value(invoke, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    table = write_csv(tmp_path / "t.csv", [school_row(60, Адрес="=HYPERLINK(1)")])
    assert invoke("import", str(table), "-o", str(tmp_path / "s")).exit_code == 0
    assert invoke("export", str(tmp_path / "s"), "-o", str(tmp_path / "e.xlsx")).exit_code == 0
    sheet = load_workbook(tmp_path / "e.xlsx")["Школы"]
    cell = sheet.cell(3, HEADERS.index("Адрес") + 1 + 1)  # Населённый пункт comes before
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"


# --- the fixed point, for generated schools -------------------------------------

WORDS = st.sampled_from(
    ["Берёзовская", "Школа", "№", "«Гимназия»", "имени", "А. С. Пушкина", "&", "<>", '"', "'",
     "#", ": ", "центр", "ДДТ", "ёлка"]
)  # fmt: skip
NAMES = st.sampled_from(
    ["Лебедева Светлана Юрьевна", "Мельник Ольга Викторовна", "Ким Игорь Олегович",
     "Петрова-Водкина Алёна Фёдоровна", "Оглы Тимур Рашидович"]
)  # fmt: skip


@st.composite
def schools(draw: st.DrawFn) -> dict[str, str]:
    number = draw(st.integers(0, 9999999))
    inn = make_inn(f"43{number:07d}")
    name = " ".join(draw(st.lists(WORDS, min_size=1, max_size=6)))
    row = {
        "Полное наименование": f"МБОУ {name}",
        "Краткое наименование": draw(st.sampled_from([name, f"Школа {number % 100}", "№ 1"])),
        "Тип организации": draw(st.sampled_from([*columns.ORGANIZATION_TYPES.values(), "school"])),
        "ИНН": inn,
        "КПП": inn[:4] + "01001",
        "ОГРН": make_ogrn(f"10243{number:07d}"),
        "Регион": draw(st.sampled_from(["Кировская область", "Кировская обл.", "кировская"])),
        "Муниципалитет": "город Киров",
        "Населённый пункт": draw(st.sampled_from(["", "г. Киров"])),
        "Адрес": f"610000, г. Киров, ул. {name}",
        "Телефон организации": draw(st.sampled_from(["8 (8332) 00-00-32", "+7 8332 11-22-33"])),
        "E-mail организации": f"s{number}@example.ru",
        "Сайт": draw(st.sampled_from(["", "https://school.example.ru"])),
        "Всего обучающихся": draw(st.sampled_from(["", "0", "812"])),
        "Дополнительные программы": draw(st.sampled_from(["", "да", "нет"])),
        "ФИО директора": draw(NAMES),
        "ФИО администратора": draw(NAMES),
        "Должность администратора": "учитель информатики",
        "Телефон администратора": draw(st.sampled_from(["+7 912 345-67-89", "89123456789"])),
        "E-mail администратора": f"a{number}@example.ru",
        "Мессенджер": draw(st.sampled_from(["MAX", "VK Мессенджер", "vk", ""])),
    }
    return row


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(schools(), min_size=1, max_size=4, unique_by=lambda r: r["ИНН"]))
def test_export_then_import_is_a_fixed_point(rows: list[dict[str, str]]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        headers = list(rows[0])
        table = write_csv(tmp / "in.csv", rows, headers=headers)
        folder = tmp / "schools"
        first = importer.plan(table, folder)
        assert not first.failed, [str(p) for o in first.rows for p in o.problems]
        importer.write(first)
        before = snapshot(folder)
        for suffix in (".xlsx", ".csv"):
            exported = workbook.export(sorted(folder.glob("*.yaml")))
            out = tmp / f"out{suffix}"
            out.write_bytes(workbook.table_bytes(out, exported.rows))
            again = importer.plan(out, folder)
            assert [o.status for o in again.rows] == ["unchanged"] * len(rows)
            importer.write(again)
            assert snapshot(folder) == before
