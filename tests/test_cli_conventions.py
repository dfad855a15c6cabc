"""Command-line conventions: exit codes that agree with the message, Russian
everywhere, one round of errors, interrupts, standard input."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from terminal import Key, run_in_terminal

from sferum_cli.validation import check

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = Path(__file__).parent / "schools"
MINIMAL = SCHOOLS / "valid" / "minimal.yaml"
KIROV = ROOT / "examples" / "kirov-school-32.yaml"

# Three or more Latin words in a row that are not option names, commands,
# file names or values: an English sentence left for a Russian reader.
_LATIN_WORD = r"[A-Za-z][a-z]+(?:'[a-z]+)?"
_ENGLISH = re.compile(rf"(?<![-\w./<|']){_LATIN_WORD}(?: +{_LATIN_WORD}){{2,}}(?![\w./|>'-])")


def english_sentences(text: str) -> list[str]:
    return [match.group() for match in _ENGLISH.finditer(text)]


def test_english_detector_finds_english_and_spares_names() -> None:
    assert english_sentences("Error: No such command 'valdate'.") == ["No such command"]
    assert english_sentences("Input should be a valid integer") != []
    assert english_sentences("недопустимое значение --format: text, json, github") == []
    assert english_sentences("sferum-cli checklist admin school.yaml --no-pii") == []


# --- 1. interrupted init: exit 130, nothing written --------------------------


@pytest.mark.parametrize("key", [b"\x03", b"\x04"], ids=["ctrl-c", "ctrl-d"])
def test_init_interrupted_exits_130_and_writes_nothing(tmp_path: Path, key: bytes) -> None:
    code, screen = run_in_terminal(
        ["init", "school.yaml"],
        [
            Key("organization.full_name", "Школа № 1\r".encode()),
            Key("organization.short_name", key),
        ],
        cwd=tmp_path,
    )
    assert code == 130, screen
    assert "Прервано" in screen
    assert "Traceback" not in screen and "Aborted" not in screen
    assert list(tmp_path.iterdir()) == []


# --- 2. user mistakes are never internal errors ----------------------------


def _mistakes() -> list[tuple[str, Callable[[Path], list[str]]]]:
    k = str(KIROV)
    return [
        ("build-output-is-file", lambda d: ["build", k, "-o", str(d / "file.txt")]),
        ("build-output-under-file", lambda d: ["build", k, "-o", str(d / "file.txt" / "out")]),
        ("build-input-missing", lambda d: ["build", str(d / "nope.yaml"), "-o", str(d / "o")]),
        ("handouts-output-is-file", lambda d: ["handouts", k, "-o", str(d / "file.txt")]),
        ("order-output-is-folder", lambda d: ["order", k, "-o", str(d / "folder.docx")]),
        ("order-output-under-file", lambda d: ["order", k, "-o", str(d / "file.txt" / "a.docx")]),
        ("order-input-is-folder", lambda d: ["order", str(d), "-o", str(d / "a.docx")]),
        ("order-input-missing", lambda d: ["order", str(d / "nope.yaml"), "-o", str(d / "a.docx")]),
        ("order-input-name-too-long", lambda d: ["order", str(d / ("я" * 200)), "-o", "a.docx"]),
        ("order-template-missing", lambda d: ["order", k, "--template", str(d / "n.docx")]),
        ("order-template-folder", lambda d: ["order", k, "--template", str(d / "folder.docx")]),
        ("letter-letterhead-folder", lambda d: ["letter", k, "--letterhead", str(d)]),
        (
            "letter-letterhead-not-docx",
            lambda d: ["letter", k, "--letterhead", str(d / "file.txt")],
        ),
        ("policy-output-not-docx", lambda d: ["policy", k, "-o", str(d / "p.pdf")]),
        ("schema-output-is-folder", lambda d: ["schema", "-o", str(d)]),
        ("email-output-is-folder", lambda d: ["email", k, "-o", str(d)]),
        ("email-attach-folder", lambda d: ["email", k, "--attach", str(d)]),
        ("email-attach-missing", lambda d: ["email", k, "--attach", str(d / "nope.pdf")]),
        ("init-target-is-folder", lambda d: ["init", str(d), "--no-input"]),
        ("init-data-file-missing", lambda d: ["init", str(d / "s.yaml"), "--data-file", "n.yaml"]),
        ("init-data-file-folder", lambda d: ["init", str(d / "s.yaml"), "--data-file", str(d)]),
        ("roster-output-is-folder", lambda d: ["roster", "template", "-o", str(d / "folder.docx")]),
        (
            "roster-output-under-file",
            lambda d: ["roster", "template", "-o", str(d / "file.txt/t.csv")],
        ),
        ("checklist-roster-folder", lambda d: ["checklist", "teachers", k, "--roster", str(d)]),
        ("checklist-roster-missing", lambda d: ["checklist", "teachers", k, "--roster", "n.csv"]),
        ("questionnaire-input-folder", lambda d: ["questionnaire", str(d)]),
        ("validate-input-folder-empty", lambda d: ["validate", str(d / "folder.docx")]),
        ("decline-empty-text", lambda d: ["decline", ""]),
    ]


MISTAKES = _mistakes()


@pytest.mark.parametrize(("name", "args"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_user_mistakes_are_user_errors_in_russian(
    invoke,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    args: Callable[[Path], list[str]],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file.txt").write_text("не папка", encoding="utf-8")
    (tmp_path / "folder.docx").mkdir()
    result = invoke(*args(tmp_path))
    assert result.exit_code in (1, 2), (result.exit_code, result.stderr)
    assert "Внутренняя ошибка" not in result.stderr
    assert re.search("[а-яё]{4,}", result.stderr), result.stderr
    assert english_sentences(result.stderr) == [], result.stderr


def test_build_into_an_existing_file_says_it_needs_a_folder(invoke, tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("x", encoding="utf-8")
    result = invoke("build", str(KIROV), "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{target}: это файл, а нужна папка для результатов"
    assert target.read_text(encoding="utf-8") == "x"


# --- 3. every problem in one round -------------------------------------------


def test_structural_and_cross_field_errors_come_together(tmp_path: Path) -> None:
    text = (SCHOOLS / "invalid" / "letter-before-order.yaml").read_text(encoding="utf-8")
    text = text.replace("inn: 4345903219", "inn: 4345903218")  # wrong checksum
    path = tmp_path / "school.yaml"
    path.write_text(text, encoding="utf-8")
    codes = {(p.dotted, p.code) for p in check(path).errors}
    assert ("appointment.letter_date", "date.letter_before_order") in codes
    assert any(dotted == "organization.inn" for dotted, _ in codes)


def test_cross_field_checks_skip_values_that_failed(tmp_path: Path) -> None:
    """A bad order date is one error, not also «letter before order»."""
    text = (SCHOOLS / "invalid" / "letter-before-order.yaml").read_text(encoding="utf-8")
    text = re.sub(r"order_date: .*", "order_date: 31.02.2020", text)
    path = tmp_path / "school.yaml"
    path.write_text(text, encoding="utf-8")
    codes = [(p.dotted, p.code) for p in check(path).errors]
    assert [c for c in codes if c[0].startswith("appointment")] == [
        ("appointment.order_date", codes[0][1])
    ]


def test_gender_and_future_dates_are_checked_with_structural_errors(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("inn: ", "inn: 1", 1)
    text = re.sub(r"order_date: .*", "order_date: 2999-01-01", text)
    text = re.sub(r"(director:\n  full_name: )\S+ \S+ \S+", r"\1Ким Ён Су", text)
    path = tmp_path / "school.yaml"
    path.write_text(text, encoding="utf-8")
    codes = {(p.dotted, p.code) for p in check(path).errors}
    assert ("appointment.order_date", "date.future") in codes
    assert ("director.gender", "gender.required") in codes
    assert any(dotted == "organization.inn" for dotted, _ in codes)


def test_init_checks_the_letter_date_against_the_order_date(invoke, tmp_path: Path) -> None:
    from sferum_cli import scaffold
    from sferum_cli.validation import load_school

    minimal = load_school(MINIMAL).model_dump(mode="json")
    answers = []
    for leaf in scaffold.leaves():
        if leaf.path[0] not in (
            "organization",
            "director",
            "administrator",
            "appointment",
            "platform",
        ):
            continue
        if leaf.dotted == "version":
            continue
        value = minimal
        for part in leaf.path:
            value = value.get(part) if isinstance(value, dict) else None
        if leaf.dotted == "appointment.order_date":
            answers.append("2025-09-01")
            continue
        if leaf.dotted == "appointment.letter_date":
            answers.append("2025-08-01")  # before the order: asked again
            answers.append("2025-09-02")
            continue
        answers.append("" if value is None else str(value))
    target = tmp_path / "school.yaml"
    result = invoke("init", str(target), "--interactive", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "письмо не может быть датировано раньше приказа" in result.stderr
    assert load_school(target).appointment.letter_date.isoformat() == "2025-09-02"


# --- 4. a missing file is said once; school.yml is found ---------------------


@pytest.mark.parametrize(
    "command", [["order"], ["letter"], ["questionnaire"], ["checklist", "admin"]]
)
def test_missing_file_is_said_once(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*command, "nope.yaml")
    assert result.exit_code == 1
    assert result.stderr.strip() == "nope.yaml: файл не найден."


def test_missing_yaml_names_the_yml_next_to_it(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(KIROV, tmp_path / "kirov.yml")
    result = invoke("validate", "kirov.yaml")
    assert result.exit_code == 1
    assert "kirov.yaml: файл не найден. Рядом есть kirov.yml — укажите его." in result.stdout


@pytest.mark.parametrize(
    "command", [["validate"], ["questionnaire"], ["checklist", "admin", "-f", "text"]]
)
def test_default_school_file_may_be_school_yml(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(KIROV, tmp_path / "school.yml")
    result = invoke(*command)
    assert result.exit_code == 0, result.stderr
    if command == ["validate"]:
        assert "school.yml: файл школы в порядке" in result.stdout


# --- 5. YAML errors in Russian; tabs named -----------------------------------


MALFORMED = [
    "version: 1\norganization:\n\tinn: 1\n",
    "version: 1\n\torganization: 1\n",
    "a:\n  - b\n  c: d\n",
    "a: [1, 2\n",
    "a: {b: 1\n",
    "a: b: c\n",
    'a: "x\n',
    "a: 'x\n",
    'a: "\\q"\n',
    'a: "\\xZZ"\n',
    "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
    "%YAML 2.0\n---\na: 1\n",
    "%FOO\n---\na: 1\n",
    "a: |0\n x\n",
    "a: |x\n x\n",
    "a: !<tag:x\n",
    "a: !x!y b\n",
    "a: @x\n",
    "a: `x\n",
    "a:\n  b: 1\n c: 2\n",
    "a: 1\n b: 2\n",
    "- a\nb: c\n",
    "a: >\n\tb\n",
    "[a\n",
    "a: *\n",
    "a: &\n",
    "a: 1 # x\n  - b\n",
    "---\na: 1\n...\nb\n",
    'a: "x" y\n',
    "? a\n? b\n- c\n",
    "a:\n- b\n - c\n",
]


@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_yaml_is_reported_in_russian(invoke, tmp_path: Path, text: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: \S", result.stdout), result.stdout
    assert english_sentences(result.stdout) == [], result.stdout


def test_tab_in_indentation_is_named_at_its_place(invoke, tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("version: 1\norganization:\n  inn: 1\n  \tkpp: 2\n", encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.stdout.splitlines()[0] == (
        f"{path}:4:3: символ табуляции в отступе: в YAML отступы делаются только пробелами — "
        "замените табуляцию пробелами."
    )


# --- 6. Russian everywhere a person reads ------------------------------------


def _command_paths() -> list[tuple[str, ...]]:
    from typer.main import get_command

    from sferum_cli.cli import app

    paths: list[tuple[str, ...]] = []

    def walk(command, prefix: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
        paths.append(prefix)
        for name, sub in sorted((getattr(command, "commands", None) or {}).items()):
            walk(sub, (*prefix, name))

    walk(get_command(app), ())
    return paths


ALL_COMMANDS = _command_paths()


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p) or "sferum-cli")
def test_help_has_no_english(invoke, path: tuple[str, ...]) -> None:
    result = invoke(*path, "--help")
    assert result.exit_code == 0
    assert english_sentences(result.stdout) == [], result.stdout
    usage = result.stdout.splitlines()[0]
    assert not re.search(r"[{}]|\[[a-z_]+\]|<[a-z ]+>", usage), usage
    for english in ("int range", "x>=", "x<=", "<int>", "<str>", "<path>", "<float>"):
        assert english not in result.stdout


WRONG = [
    (["valdate"], "нет такой команды: valdate. Возможно, имелось в виду: validate"),
    (["frobnicate"], "нет такой команды: frobnicate"),
    (["checklist", "admn"], "нет такой команды: admn. Возможно, имелось в виду: admin"),
    (
        ["validate", "--formt", "x"],
        "нет такого параметра: --formt. Возможно, имелось в виду: --format",
    ),
    (["validate", "--no-such-flag"], "нет такого параметра: --no-such-flag"),
    (
        ["validate", "--format", "yaml"],
        "«yaml» — нет такого варианта; возможные: text, json, github",
    ),
    (["checklist", "admin", "-f", "html"], "возможные: rich, text, markdown, json"),
    (["build", "--jobs", "x"], "«x» — не целое число"),
    (["build", "--jobs", "-1"], "«-1»: число должно быть не меньше 0"),
    (["email", "--smtp-port", "порт"], "«порт» — не целое число"),
    (["email", "--smtp-timeout", "x"], "«x» — не число"),
    (["decline"], "не указан аргумент ТЕКСТ"),
    (["decline", "a", "b"], "лишние аргументы: b"),
    (["order", "a.yaml", "b.yaml"], "лишние аргументы: b.yaml"),
    (["order", "-o"], "параметру -o нужно значение"),
    (["validate", "--strict=yes"], "параметр --strict не принимает значения"),
    (["handouts", "school.yaml"], "не указан параметр --output / -o"),
]


@pytest.mark.parametrize(("args", "expected"), WRONG, ids=[" ".join(a) for a, _ in WRONG])
def test_wrong_invocations_are_explained_in_russian(invoke, args: list[str], expected: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert expected in result.stderr, result.stderr
    assert english_sentences(result.stderr) == [], result.stderr
    assert "Error" not in result.stderr and "Usage" not in result.stderr


# --- 9. «-» reads the school file from standard input ------------------------


def test_validate_reads_standard_input(invoke) -> None:
    text = KIROV.read_text(encoding="utf-8")
    good = invoke("validate", "-", input=text)
    assert good.exit_code == 0, good.stdout
    assert "<stdin>: файл школы в порядке" in good.stdout
    bad = invoke("validate", "-", input=text.replace("inn: 4345", "inn: 4346", 1))
    assert bad.exit_code == 1
    assert re.search(r"^<stdin>:\d+:\d+: organization\.inn: ", bad.stdout, flags=re.M), bad.stdout


def test_invalid_standard_input_is_named_in_document_commands(invoke, tmp_path: Path) -> None:
    result = invoke("order", "-", "-o", str(tmp_path / "o.docx"), input="version: [1\n")
    assert result.exit_code == 1
    assert result.stderr.startswith("<stdin>:2:1: ")
    assert not (tmp_path / "o.docx").exists()


def test_letter_from_standard_input_resolves_paths_against_the_current_folder(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docx
    from test_documents_letterhead import make_blank

    monkeypatch.chdir(tmp_path)
    make_blank(tmp_path / "blank.docx", body_text=None)
    text = KIROV.read_text(encoding="utf-8") + "documents:\n  letterhead: blank.docx\n"
    result = invoke("letter", "-", "-o", "out.docx", input=text)
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(tmp_path / "out.docx"))
    assert document.sections[0].header.paragraphs[0].text == "ШАПКА ШКОЛЫ № 32"


@pytest.mark.parametrize(
    "command",
    [
        ["questionnaire", "-f", "json"],
        ["checklist", "admin", "-f", "json"],
        ["email", "-f", "json"],
    ],
)
def test_other_commands_read_standard_input(invoke, command: list[str]) -> None:
    import json

    result = invoke(*command, "-", input=KIROV.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)


def test_build_reads_standard_input(invoke, tmp_path: Path) -> None:
    import json

    result = invoke(
        "build", "-", str(ROOT / "examples" / "tatarstan-rural-school.yaml"), "-o", str(tmp_path),
        "--jobs", "2", input=KIROV.read_text(encoding="utf-8"),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["schools"][0]["source"] == "<stdin>"
    assert all(s["files"] for s in manifest["schools"])


# --- 7. a command imports its own command module only ------------------------


def _top_level_names(app) -> list[str]:  # type: ignore[no-untyped-def]
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    return commands + [g.name or g.typer_instance.info.name for g in app.registered_groups]


def test_command_modules_name_every_command_once() -> None:
    from sferum_cli.cli import COMMAND_MODULES, app

    listed = [name for names in COMMAND_MODULES.values() for name in names]
    assert sorted(listed) == sorted(_top_level_names(app))


REGISTERED = """
import json, sys
from sferum_cli.cli import _app_module, register
register((sys.argv[1],))
app = _app_module.app
commands = [c.name or c.callback.__name__ for c in app.registered_commands]
print(json.dumps(commands + [g.name or g.typer_instance.info.name for g in app.registered_groups]))
"""


@pytest.mark.parametrize(
    "module", ["school", "documents", "mail", "onboarding", "batch", "table", "region"]
)
def test_a_command_module_alone_registers_its_commands(module: str) -> None:
    import json
    import subprocess
    import sys

    from sferum_cli.cli import COMMAND_MODULES

    done = subprocess.run(
        [sys.executable, "-c", REGISTERED, module], capture_output=True, check=True, text=True
    )
    assert set(COMMAND_MODULES[module]) <= set(json.loads(done.stdout))


@pytest.mark.parametrize(
    ("argv", "modules"),
    [
        (["validate", "school.yaml"], ("school",)),
        (["validate", "--help"], ("school",)),
        (["--no-pii", "--color", "never", "checklist", "admin"], ("onboarding",)),
        (["--color=never", "--show-pii", "build", "schools/"], ("batch",)),
        (["import", "table.xlsx"], ("table",)),
        (["--color", "validate", "validate"], ("school",)),  # «validate» as --color's value
    ],
)
def test_the_command_decides_which_module_is_imported(
    argv: list[str], modules: tuple[str, ...]
) -> None:
    from sferum_cli.cli import modules_for

    assert modules_for(argv) == modules


@pytest.mark.parametrize(
    "argv",
    [[], ["--help"], ["--version"], ["valdate", "x"], ["--install-completion"], ["-x", "validate"]],
)
def test_help_completion_and_mistakes_see_every_command(argv: list[str]) -> None:
    from sferum_cli.cli import COMMAND_MODULES, modules_for

    assert modules_for(argv) == tuple(COMMAND_MODULES)
