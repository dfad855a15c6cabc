"""`sferum-cli import TABLE -o DIR`: a region's table of schools → school files."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from table_data import HEADERS, school_row, write_csv, write_xlsx

from sferum_cli import yamlio
from sferum_cli.validation import check

ROOT = Path(__file__).resolve().parent.parent


def data_of(path: Path) -> dict[str, object]:
    return yamlio.load(path).data


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}


# --- reading the table -----------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ";"), ("utf-8", ";"), ("utf-8", ","), ("cp1251", ";"), ("cp1251", ",")],
)
def test_csv_in_any_encoding_and_delimiter_gives_the_same_files(
    invoke, tmp_path: Path, encoding: str, delimiter: str
) -> None:
    rows = [school_row(1), school_row(2, **{"Адрес": "610000, г. Киров, ул. Ёлочная, д. 2"})]
    reference = write_xlsx(tmp_path / "schools.xlsx", rows)
    assert invoke("import", str(reference), "-o", str(tmp_path / "ref")).exit_code == 0
    table = write_csv(tmp_path / "schools.csv", rows, encoding=encoding, delimiter=delimiter)
    result = invoke("import", str(table), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert files_in(tmp_path / "out") == files_in(tmp_path / "ref")
    assert len(files_in(tmp_path / "out")) == 2
    school = data_of(tmp_path / "out" / "mbou-sosh-2.yaml")
    assert school["organization"]["address"] == "610000, г. Киров, ул. Ёлочная, д. 2"  # type: ignore[index]


def test_created_file_is_what_init_writes_with_the_same_values(invoke, tmp_path: Path) -> None:
    row = school_row(7)
    table = write_csv(tmp_path / "t.csv", [row])
    assert invoke("import", str(table), "-o", str(tmp_path / "out")).exit_code == 0
    sets = [
        "organization.full_name=" + row["Полное наименование"],
        "organization.short_name=" + row["Краткое наименование"],
        "organization.type=school",
        "organization.inn=" + row["ИНН"],
        "organization.kpp=" + row["КПП"],
        "organization.ogrn=" + row["ОГРН"],
        "organization.region=" + row["Регион"],
        "organization.municipality=" + row["Муниципалитет"],
        "organization.address=" + row["Адрес"],
        "organization.phone=" + row["Телефон организации"],
        "organization.email=" + row["E-mail организации"],
        "director.full_name=" + row["ФИО директора"],
        "administrator.full_name=" + row["ФИО администратора"],
        "administrator.position=" + row["Должность администратора"],
        "administrator.phone=" + row["Телефон администратора"],
        "administrator.email=" + row["E-mail администратора"],
        "platform.messenger=max",
    ]
    args = [a for s in sets for a in ("--set", s)]
    assert invoke("init", str(tmp_path / "init.yaml"), "--no-input", *args).exit_code == 0
    written = (tmp_path / "out" / "mbou-sosh-7.yaml").read_bytes()
    assert written == (tmp_path / "init.yaml").read_bytes()
    assert (tmp_path / "out" / "school.schema.json").is_file()  # as init writes it


def test_created_file_validates_once_the_school_adds_its_order(invoke, tmp_path: Path) -> None:
    table = write_csv(tmp_path / "t.csv", [school_row(3)])
    result = invoke("import", str(table), "-o", str(tmp_path / "out"))
    assert "осталось заполнить: appointment.order_number, appointment.order_date" in result.output
    path = tmp_path / "out" / "mbou-sosh-3.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("order_number:", 'order_number: "12"', 1)
    text = text.replace("order_date:", "order_date: 2024-09-02", 1)
    path.write_text(text, encoding="utf-8")
    assert check(path).valid, check(path).problems


@pytest.mark.parametrize(
    "headers",
    [
        ["  полное   НАИМЕНОВАНИЕ ", "Сокращённое наименование", "инн", "ОГРН", "кпп"],
        ["organization.full_name", "organization.short_name", "organization.inn",
         "organization.ogrn", "organization.kpp"],
        ["Наименование", "Краткое название", "ИНН организации", "ОГРН:", "КПП"],
    ],
)  # fmt: skip
def test_columns_are_recognised_by_header_synonym_or_key(
    invoke, tmp_path: Path, headers: list[str]
) -> None:
    row = school_row(4)
    values = [row[h] for h in ("Полное наименование", "Краткое наименование", "ИНН", "ОГРН", "КПП")]
    named = dict(zip(headers, values, strict=True))
    table = write_csv(tmp_path / "t.csv", [named], headers=headers)
    result = invoke("import", str(table), "-o", str(tmp_path / "out"), "--format", "json")
    report = json.loads(result.stdout)
    assert report["table_problems"] == []
    assert report["rows"][0]["changed"] == [
        "organization.full_name",
        "organization.short_name",
        "organization.inn",
        "organization.kpp",
        "organization.ogrn",
    ]
    school = data_of(tmp_path / "out" / "mbou-sosh-4.yaml")
    assert school["organization"]["inn"] == row["ИНН"]  # type: ignore[index]
    assert school["organization"]["full_name"] == row["Полное наименование"]  # type: ignore[index]


def test_unknown_and_uncarried_columns_are_reported_at_their_header_cell(
    invoke, tmp_path: Path
) -> None:
    headers = [*HEADERS, "Примечание", "classes", "progress.order_signed", "Телефон школы"]
    row = school_row(5, **{"Примечание": "позвонить", "classes": "5А", "Телефон школы": "1"})
    table = write_csv(tmp_path / "t.csv", [row], headers=headers)
    result = invoke("import", str(table), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    letters = {h: chr(65 + i) for i, h in enumerate(headers)}
    out = result.output
    assert (
        f"t.csv: {letters['Примечание']}1: предупреждение: неизвестный столбец «Примечание»" in out
    )
    assert f"{letters['classes']}1: предупреждение: неизвестный столбец «classes»" in out
    assert f"{letters['progress.order_signed']}1: предупреждение: неизвестный столбец" in out
    assert (
        f"{letters['Телефон школы']}1: предупреждение: столбец «Телефон школы» повторяет столбец "
        f"{letters['Телефон организации']} («Телефон организации»)"
    ) in out
    school = data_of(tmp_path / "out" / "mbou-sosh-5.yaml")
    assert school["classes"] == [] and school["organization"]["phone"] == "8 (8332) 00-00-05"  # type: ignore[index]


def test_title_lines_above_the_header_and_the_template_hints_row_are_skipped(
    invoke, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    template = tmp_path / "t.xlsx"
    assert invoke("import", "--template", "-o", str(template)).exit_code == 0
    book = load_workbook(template)
    sheet = book["Школы"]
    sheet.insert_rows(1, 2)
    sheet["A1"] = "Школы Кировской области, 2025 год"
    row = school_row(6)
    labels = [c.value for c in sheet[3]]
    for index, label in enumerate(labels, start=1):
        if label in row:
            sheet.cell(row=5, column=index, value=row[label])
    book.save(template)
    result = invoke("import", str(template), "-o", str(tmp_path / "out"), "--format", "json")
    report = json.loads(result.stdout)
    assert [r["row"] for r in report["rows"]] == [5]
    assert report["rows"][0]["status"] == "created"


def test_excel_numbers_keep_their_digits(invoke, tmp_path: Path) -> None:
    from openpyxl import Workbook

    row = school_row(8, **{"ИНН": "0274062111", "КПП": "027401001", "ОГРН": "1020202555559"})
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    values: list[object] = [row[h] for h in HEADERS]
    values[HEADERS.index("ИНН")] = 274062111  # Excel ate the leading zero
    values[HEADERS.index("КПП")] = 27401001
    values[HEADERS.index("ОГРН")] = 1020202555559.0
    sheet.append(values)
    book.save(tmp_path / "t.xlsx")
    invoke("import", str(tmp_path / "t.xlsx"), "-o", str(tmp_path / "out"))
    organization = data_of(tmp_path / "out" / "mbou-sosh-8.yaml")["organization"]
    assert organization["inn"] == "0274062111"  # type: ignore[index]
    assert organization["kpp"] == "027401001"  # type: ignore[index]
    assert organization["ogrn"] == "1020202555559"  # type: ignore[index]


def test_file_names_are_stable_ascii_and_never_collide(invoke, tmp_path: Path) -> None:
    rows = [
        school_row(10, **{"Краткое наименование": "МБОУ «Школа № 10»"}),
        school_row(11, **{"Краткое наименование": "мбоу школа 10"}),  # the same name
        school_row(12, **{"Краткое наименование": "CON"}),  # reserved on Windows
        school_row(13, **{"Краткое наименование": "№ — «»"}),  # nothing to transliterate
    ]
    table = write_csv(tmp_path / "t.csv", rows)
    result = invoke("import", str(table), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    names = sorted(files_in(tmp_path / "out"))
    assert names == sorted(
        [
            "mbou-shkola-10.yaml",
            f"mbou-shkola-10-{rows[1]['ИНН']}.yaml",
            "con-school.yaml",
            f"{rows[3]['ИНН']}.yaml",
        ]
    )
    for name in names:
        assert re.fullmatch(r"[a-z0-9-]+\.yaml", name)
    # a renamed school is found by its ИНН: the file keeps its name
    rows[0]["Краткое наименование"] = "МБОУ «Гимназия № 10»"
    write_csv(tmp_path / "t.csv", rows)
    again = invoke("import", str(table), "-o", str(tmp_path / "out"))
    assert sorted(files_in(tmp_path / "out")) == names
    assert "строка 2: обновлён " + str(tmp_path / "out" / "mbou-shkola-10.yaml") in again.output


# --- problems, by cell -----------------------------------------------------


def test_bad_values_are_reported_at_their_cell_and_the_row_writes_nothing(
    invoke, tmp_path: Path
) -> None:
    rows = [
        school_row(20),
        school_row(21, **{"ИНН": "4345903218", "Телефон администратора": "8 8332 11-22-33"}),
        school_row(22, **{"Регион": "Кировская обалсть", "ФИО директора": ""}),
        school_row(23),
    ]
    table = write_csv(tmp_path / "t.csv", rows)
    result = invoke("import", str(table), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    col = {h: chr(65 + i) for i, h in enumerate(HEADERS)}
    out = result.output
    assert re.search(rf"t\.csv: {col['ИНН']}3: ИНН: .*контрольн", out), out
    assert f"t.csv: {col['Телефон администратора']}3: Телефон администратора: " in out
    assert f"t.csv: {col['Регион']}4: Регион: неизвестный субъект РФ" in out
    assert "Возможно, имелось в виду «Кировская область»" in out
    assert f"t.csv: {col['ФИО директора']}4: ФИО директора: обязательное поле не заполнено" in out
    assert "t.csv: строка 3: ошибка, файл не записан" in out
    assert "Строк: 4; создано: 2, обновлено: 0, без изменений: 0, с ошибками: 2." in out
    assert sorted(files_in(tmp_path / "out")) == ["mbou-sosh-20.yaml", "mbou-sosh-23.yaml"]
    assert "Traceback" not in out


def test_same_checks_as_validate_across_fields(invoke, tmp_path: Path) -> None:
    """A director's name without a patronymic needs a gender; КПП of another ИНН warns."""
    row = school_row(24, **{"ФИО директора": "Ким Алина", "КПП": "770101001"})
    table = write_csv(tmp_path / "t.csv", [row])
    result = invoke("import", str(table), "-o", str(tmp_path / "out"), "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["rows"][0]["problems"]
    by_code = {p["code"]: p for p in problems}
    kpp_cell = f"{chr(65 + HEADERS.index('КПП'))}2"
    director_cell = f"{chr(65 + HEADERS.index('ФИО директора'))}2"
    assert by_code["gender.required"]["cell"] == director_cell
    assert by_code["gender.required"]["severity"] == "error"
    assert by_code["kpp.inn_mismatch"] == {
        "severity": "warning",
        "cell": kpp_cell,
        "row": 2,
        "column": HEADERS.index("КПП") + 1,
        "key": "organization.kpp",
        "code": "kpp.inn_mismatch",
        "message": by_code["kpp.inn_mismatch"]["message"],
    }
    # with the gender column, the same row imports
    headers = [*HEADERS, "Пол директора"]
    row["Пол директора"] = "женский"
    write_csv(tmp_path / "t.csv", [row], headers=headers)
    assert invoke("import", str(table), "-o", str(tmp_path / "out")).exit_code == 0
    assert data_of(tmp_path / "out" / "mbou-sosh-24.yaml")["director"]["gender"] == "female"  # type: ignore[index]


def test_duplicate_and_missing_inn_are_row_errors(invoke, tmp_path: Path) -> None:
    rows = [
        school_row(25),
        school_row(26, **{"ИНН": school_row(25)["ИНН"]}),
        school_row(27, ИНН=""),
    ]
    table = write_csv(tmp_path / "t.csv", rows)
    result = invoke("import", str(table), "-o", str(tmp_path / "out"))
    inn = chr(65 + HEADERS.index("ИНН"))
    assert result.exit_code == 1
    assert f"{inn}3: ИНН: школа с этим ИНН уже есть в строке 2" in result.output
    assert f"{inn}4: ИНН: не указан ИНН" in result.output
    assert sorted(files_in(tmp_path / "out")) == ["mbou-sosh-25.yaml"]


def test_json_report_has_stable_english_keys(invoke, tmp_path: Path) -> None:
    rows = [school_row(30), school_row(31, **{"E-mail организации": "нет почты"})]
    table = write_csv(tmp_path / "t.csv", rows)
    result = invoke("import", str(table), "-o", str(tmp_path / "out"), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert set(report) == {
        "table", "folder", "dry_run", "ok", "summary", "table_problems", "rows"
    }  # fmt: skip
    assert report["ok"] is False and report["dry_run"] is False
    assert report["summary"] == {"rows": 2, "created": 1, "updated": 0, "unchanged": 0, "error": 1}
    created, failed = report["rows"]
    assert set(created) == {"row", "status", "file", "changed", "missing", "problems"}
    assert created["status"] == "created"
    assert created["file"] == str(tmp_path / "out" / "mbou-sosh-30.yaml")
    assert created["missing"] == ["appointment.order_number", "appointment.order_date"]
    assert failed["status"] == "error"
    [problem] = [p for p in failed["problems"] if p["severity"] == "error"]
    column = HEADERS.index("E-mail организации") + 1
    assert problem["cell"] == f"{chr(64 + column)}3"
    assert (problem["row"], problem["column"], problem["key"]) == (3, column, "organization.email")


def test_github_annotations_point_at_the_cell(invoke, tmp_path: Path) -> None:
    table = write_csv(tmp_path / "t.csv", [school_row(32, ИНН="1234567890")])
    result = invoke("import", str(table), "-o", str(tmp_path / "out"), "--format", "github")
    assert result.exit_code == 1
    column = HEADERS.index("ИНН") + 1
    line = next(x for x in result.stdout.splitlines() if x.startswith("::error "))
    assert line.startswith(
        f"::error file={table},line=2,col={column},title=organization.inn::"
        f"{chr(64 + column)}2: ИНН: "
    ), line


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("t.csv", b"", "не найдена строка заголовков"),
        ("t.csv", "Школа;Адрес\nодна;там\n".encode(), "не найдена строка заголовков"),
        ("t.xlsx", b"PK\x03\x04 not a zip", "книгу Excel"),
        ("t.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, ".xls"),
        ("school.yaml", b"version: 1\n", "это не таблица"),
    ],
)
def test_unusable_tables_are_one_clear_error(
    invoke, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    (tmp_path / name).write_bytes(content)
    result = invoke("import", str(tmp_path / name), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not (tmp_path / "out").exists()


def test_usage_errors(invoke, tmp_path: Path) -> None:
    assert invoke("import", "-o", str(tmp_path)).exit_code == 2
    assert invoke("import", str(tmp_path / "t.csv")).exit_code == 2
    assert invoke("import", "--template").exit_code == 2
    assert invoke("import", "--template", "-o", str(tmp_path / "t.csv")).exit_code == 2


# --- re-import: update in place ----------------------------------------------


def kirov_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "schools"
    folder.mkdir()
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        shutil.copy(example, folder / example.name)
    return folder


def test_reimport_changes_only_the_changed_values(invoke, tmp_path: Path) -> None:
    folder = kirov_folder(tmp_path)
    table = tmp_path / "schools.xlsx"
    assert invoke("export", str(folder), "-o", str(table)).exit_code == 0
    from openpyxl import load_workbook

    book = load_workbook(table)
    sheet = book["Школы"]
    labels = [c.value for c in sheet[1]]
    kirov_row = next(r for r in range(3, 5) if sheet.cell(r, 4).value == "4345903219")
    sheet.cell(kirov_row, labels.index("Телефон администратора") + 1, "+7 912 000-11-22")
    sheet.cell(kirov_row, labels.index("Пол директора") + 1, "женский")
    sheet.cell(kirov_row, labels.index("Мессенджер") + 1, "MAX")
    sheet.cell(kirov_row, labels.index("Сайт") + 1).value = None  # emptied: kept, with a warning
    book.save(table)
    before = (folder / "kirov-school-32.yaml").read_text(encoding="utf-8")
    tatarstan = (folder / "tatarstan-rural-school.yaml").read_bytes()

    result = invoke("import", str(table), "-o", str(folder))
    assert result.exit_code == 0, result.output
    kirov = folder / "kirov-school-32.yaml"
    assert (
        f"строка {kirov_row}: обновлён {kirov} "
        "(director.gender, administrator.phone, platform.messenger)"
    ) in result.output
    site = chr(65 + labels.index("Сайт"))
    assert f"{site}{kirov_row}: Сайт: предупреждение: ячейка пуста" in result.output
    assert (folder / "tatarstan-rural-school.yaml").read_bytes() == tatarstan
    after = kirov.read_text(encoding="utf-8")
    import difflib

    diff = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert diff == [
        '+  gender: "female"',
        "-  phone: 8 912 345-67-89",
        '+  phone: "+7 912 000-11-22"',
        "-  messenger: vk",
        '+  messenger: "max"',
    ]
    # comments, classes, teachers, progress and the website are all still there
    data = data_of(kirov)
    original = yamlio.parse(before, "x").data
    for section in ("classes", "teachers", "progress", "policy", "appointment"):
        assert data[section] == original[section]
    assert data["organization"]["website"] == "https://school32.example.ru"  # type: ignore[index]
    assert after.startswith("# yaml-language-server: $schema=../docs/school.schema.json\n")
    # and a second run changes nothing
    again = invoke("import", str(table), "-o", str(folder))
    assert f"строка {kirov_row}: без изменений {kirov}" in again.output
    assert kirov.read_text(encoding="utf-8") == after


def test_value_written_another_way_is_unchanged(invoke, tmp_path: Path) -> None:
    folder = kirov_folder(tmp_path)
    row = {
        "ИНН": "4345903219",
        "Телефон администратора": "+7 (912) 345-67-89",  # the file says «8 912 345-67-89»
        "Регион": "Кировская область",  # the file says «Кировская обл.»
        "Мессенджер": "vk",
    }
    table = write_csv(tmp_path / "t.csv", [row], headers=list(row))
    result = invoke("import", str(table), "-o", str(folder), "--format", "json")
    assert json.loads(result.stdout)["rows"][0]["status"] == "unchanged"


def test_dry_run_shows_the_changes_and_writes_nothing(invoke, tmp_path: Path) -> None:
    folder = kirov_folder(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    rows = [
        {"ИНН": "4345903219", "Телефон организации": "8 (8332) 11-11-11"},
        {**school_row(40)},
    ]
    table = write_csv(tmp_path / "t.csv", rows, headers=HEADERS)
    result = invoke("import", str(table), "-o", str(folder), "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"строка 2: будет обновлён {folder / 'kirov-school-32.yaml'}" in result.output
    assert "(organization.phone)" in result.output
    assert f"строка 3: будет создан {folder / 'mbou-sosh-40.yaml'}" in result.output
    assert "Проверка (--dry-run): ничего не записано." in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    report = json.loads(
        invoke("import", str(table), "-o", str(folder), "--dry-run", "-f", "json").stdout
    )
    assert report["dry_run"] is True
    assert [r["status"] for r in report["rows"]] == ["updated", "created"]


def test_row_with_error_leaves_its_existing_file_untouched(invoke, tmp_path: Path) -> None:
    folder = kirov_folder(tmp_path)
    before = (folder / "kirov-school-32.yaml").read_bytes()
    row = {
        "ИНН": "4345903219",
        "Телефон организации": "8 (8332) 11-11-11",
        "E-mail организации": "x",
    }
    table = write_csv(tmp_path / "t.csv", [row], headers=list(row))
    result = invoke("import", str(table), "-o", str(folder))
    assert result.exit_code == 1
    assert "C2: E-mail организации: " in result.output
    assert (folder / "kirov-school-32.yaml").read_bytes() == before


def test_two_files_with_the_same_inn_are_an_error_not_a_guess(invoke, tmp_path: Path) -> None:
    folder = kirov_folder(tmp_path)
    shutil.copy(folder / "kirov-school-32.yaml", folder / "copy.yaml")
    table = write_csv(tmp_path / "t.csv", [{"ИНН": "4345903219"}], headers=["ИНН"])
    result = invoke("import", str(table), "-o", str(folder))
    assert result.exit_code == 1
    assert "этот ИНН указан в нескольких файлах" in result.output


def test_an_unreadable_file_in_the_folder_is_reported(invoke, tmp_path: Path) -> None:
    folder = kirov_folder(tmp_path)
    (folder / "broken.yaml").write_text("organization: [\n", encoding="utf-8")
    table = write_csv(tmp_path / "t.csv", [school_row(41)])
    result = invoke("import", str(table), "-o", str(folder))
    assert result.exit_code == 0
    assert "broken.yaml" in result.output and "не читается" in result.output


def test_under_ci_the_report_shows_no_personal_data(tmp_path: Path) -> None:
    from test_privacy import EMAILS, NAMES, PHONES, ci_env, leaked, run_cli

    rows = [
        school_row(
            50,
            **{
                "ФИО администратора": NAMES[0],
                "ФИО директора": "Ким Ольга",  # no patronymic: an error that names no one
                "Телефон администратора": "+7" + PHONES["admin"],
                "E-mail администратора": EMAILS[0],
            },
        ),
        school_row(51, **{"Телефон администратора": EMAILS[1], "E-mail организации": NAMES[1]}),
    ]
    table = write_csv(tmp_path / "t.csv", rows)
    for fmt in ("text", "json", "github"):
        result = run_cli(
            ["import", str(table), "-o", str(tmp_path / fmt), "--format", fmt], tmp_path, ci_env()
        )
        assert result.returncode == 1, result.stderr
        assert leaked(result.stdout + result.stderr) == [], fmt


def test_readme_region_commands_run_as_written(invoke, tmp_path: Path, monkeypatch) -> None:
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Регион: из таблицы в файлы школ", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, flags=re.S)
    assert block is not None
    commands = [line.split("  #")[0].strip() for line in block.group(1).splitlines()]
    assert len(commands) == 4
    folder = tmp_path / "schools"
    shutil.copytree(ROOT / "examples", folder, ignore=shutil.ignore_patterns("ci"))
    before = {p.name: p.read_bytes() for p in folder.glob("*.yaml")}
    monkeypatch.chdir(tmp_path)
    for command in commands:
        words = shlex.split(command)
        assert words[0] == "sferum-cli"
        result = invoke(*words[1:])
        assert result.exit_code == 0, (command, result.output)
    assert (tmp_path / "шаблон.xlsx").is_file() and (tmp_path / "schools.xlsx").is_file()
    assert {p.name: p.read_bytes() for p in folder.glob("*.yaml")} == before


def test_a_new_school_never_overwrites_a_file_that_is_not_a_school(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "mbou-sosh-61.yaml").write_text("name: CI workflow\non: push\n", encoding="utf-8")
    table = write_csv(tmp_path / "t.csv", [school_row(61)])
    result = invoke("import", str(table), "-o", str(folder))
    assert result.exit_code == 0, result.output
    assert (folder / "mbou-sosh-61.yaml").read_text(
        encoding="utf-8"
    ) == "name: CI workflow\non: push\n"
    inn = school_row(61)["ИНН"]
    assert data_of(folder / f"mbou-sosh-61-{inn}.yaml")["organization"]["inn"] == inn  # type: ignore[index]


def test_quiet_prints_only_the_problems(invoke, tmp_path: Path) -> None:
    rows = [school_row(62), school_row(63, ИНН=""), school_row(64, ИНН="1234567890")]
    table = write_csv(tmp_path / "t.csv", rows)
    result = invoke("import", str(table), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 1
    inn = chr(65 + HEADERS.index("ИНН"))
    lines = result.output.splitlines()
    assert [line.split(": ")[1] for line in lines] == [f"{inn}3", f"{inn}4"]
    assert (tmp_path / "out" / "mbou-sosh-62.yaml").is_file()


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them(invoke, tmp_path: Path) -> None:
    """An address over two lines in a quoted cell is one row, so the next row is 3."""
    rows = [
        school_row(65, Адрес="610000, г. Киров,\nул. Примерная, д. 65"),
        school_row(66, ИНН="1"),
    ]
    table = write_csv(tmp_path / "t.csv", rows)
    result = invoke("import", str(table), "-o", str(tmp_path / "out"), "--format", "json")
    report = json.loads(result.stdout)
    assert [r["row"] for r in report["rows"]] == [2, 3]
    assert report["rows"][1]["problems"][0]["cell"] == f"{chr(65 + HEADERS.index('ИНН'))}3"
    address = data_of(tmp_path / "out" / "mbou-sosh-65.yaml")["organization"]["address"]  # type: ignore[index]
    assert address == "610000, г. Киров,\nул. Примерная, д. 65"
