"""Personal data under CI: nothing a command prints shows a phone, an e-mail or a name.

Every command of the application (found by walking the command tree, so a
new command is covered without touching this file) runs in a subprocess
with ``CI=true`` on school files full of known synthetic contacts — in their
own fields, as mistyped keys, as values in wrong places, in class names,
in a roster — once per output format.  Whatever they print to stdout or
stderr is searched for every contact in every way of writing it.  Written
files (the documents) may contain the data; only the terminal output is
checked.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from hypothesis import assume, example, given
from hypothesis import strategies as st

from sferum_cli import privacy
from sferum_cli.privacy import EXAMPLE_EMAIL, EXAMPLE_PHONE, redact

ROOT = Path(__file__).resolve().parent.parent
KIROV = ROOT / "examples" / "kirov-school-32.yaml"

# National numbers (10 digits after +7) of the synthetic people below.
PHONES = {
    "admin": "9121112233",
    "mistyped_key": "9137778899",
    "class_name": "9145556677",
    "roster": "9224445566",
    "wrong_place": "9163332211",
}
EMAILS = [
    "olga.melnik.secret@example.ru",
    "o.melnik.private@example.ru",
    "p.klassov.home@example.ru",
    "misplaced.person@example.ru",
]
NAMES = [
    "Мельник Ольга Викторовна",
    "Лебедева Светлана Юрьевна",
    "Кузьмич Анна Сергеевна",
    "Учителева Мария Ивановна",
    "Ким Ольга",  # no patronymic: known only from the file
]
SURNAMES = ["Мельник", "Лебедева", "Кузьмич", "Учителева", "Ким Ольга"]


def spellings(national: str) -> list[str]:
    """The usual ways of writing +7 and ``national`` (which are searched for)."""
    a, b, c, d = national[:3], national[3:6], national[6:8], national[8:]
    return [
        f"+7{national}",
        f"8{national}",
        national,
        f"+7 {a} {b}-{c}-{d}",
        f"8 {a} {b}-{c}-{d}",
        f"8 ({a}) {b}-{c}-{d}",
        f"+7 ({a}) {b}-{c}-{d}",
        f"{a} {b}-{c}-{d}",
        f"{a}{b}{c}{d}",
        f"{b}-{c}-{d}",
    ]


def leaked(output: str) -> list[str]:
    """Every synthetic contact or name visible in ``output``."""
    found = []
    for national in PHONES.values():
        found += [s for s in spellings(national) if s in output]
        # Any run of digits and separators that spells the number, however grouped.
        for run in re.findall(r"[+\d][\d \t().\-]{8,}\d|(?:%\w\w|\d){10,}", output):
            digits = re.sub(r"%[0-9A-Fa-f]{2}|\D", "", run)
            if national in digits:
                found.append(run)
    found += [e for e in EMAILS if e in output or e.replace("@", "%40") in output]
    found += [n for n in NAMES if n in output]
    found += [s for s in SURNAMES if re.search(rf"(?<!\w){s}(?!\w)", output)]
    return found


def _phone(national: str, style: int) -> str:
    return spellings(national)[style]


def valid_school(folder: Path) -> Path:
    """A valid school whose people and contacts are the synthetic ones above."""
    text = KIROV.read_text(encoding="utf-8")
    text = text.replace("8 912 345-67-89", _phone(PHONES["admin"], 4))
    text = text.replace("o.melnik@example.ru", EMAILS[0])
    text = text.replace("Мельник Ольга Викторовна", NAMES[0])
    text = text.replace("Лебедева Светлана Юрьевна", NAMES[1])
    text = text.replace("Черных Любовь Андреевна", NAMES[4])
    text += "\nemail:\n  signed_scan: scan.pdf\nteachers_roster: roster.csv\n"
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 200 + b"\n%%EOF\n")
    (folder / "roster.csv").write_text(
        "ФИО;Должность;Классы;Статус;Телефон\n"
        f"{NAMES[3]};учитель начальных классов;1А;подтверждена;{_phone(PHONES['roster'], 5)}\n"
        f"{NAMES[2]};учитель математики;5А;ожидает;\n",
        encoding="utf-8",
    )
    path = folder / "school.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def invalid_school(folder: Path) -> Path:
    """Contacts and names where they don't belong: keys, class names, wrong fields."""
    text = KIROV.read_text(encoding="utf-8")
    text = text.replace("8 912 345-67-89", _phone(PHONES["admin"], 3))
    text = text.replace("o.melnik@example.ru", EMAILS[0])
    text = text.replace("Мельник Ольга Викторовна", NAMES[0])
    text = text.replace(
        f"  email: {EMAILS[0]}\n",
        f"  email: {EMAILS[0]}\n"
        f"  {_phone(PHONES['mistyped_key'], 3)}: мобильный\n"
        f"  {EMAILS[1]}: личная\n"
        f"  {NAMES[2]}: заместитель\n",
    )
    text = text.replace("  - name: 5А\n", f"  - name: {_phone(PHONES['class_name'], 5)}\n")
    text = text.replace("  inn: 4345903219\n", f"  inn: {EMAILS[3]}\n")
    text = text.replace("  kpp: 434501001\n", f"  kpp: {_phone(PHONES['wrong_place'], 0)}\n")
    text = text.replace("  position: Директор\n", f"  position: Директор\n  {EMAILS[2]}: x\n")
    text = text.replace("  email: school32@example.ru\n", "  email: school32 на example.ru\n")
    text = text.replace("  phone: 8 (8332) 00-00-32\n", "  phone: телефон школы\n")
    path = folder / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def command_paths() -> list[tuple[tuple[str, ...], Any]]:
    """Every leaf command of the application with its click command object."""
    import typer

    from sferum_cli.cli import app

    found: list[tuple[tuple[str, ...], Any]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in sorted(subcommands.items()):
                walk(sub, (*path, name))
        else:
            found.append((path, command))

    walk(typer.main.get_command(app), ())
    return found


def _choices(command: Any, option: str) -> list[str]:
    for param in command.params:
        if option in getattr(param, "opts", []):
            annotation = param.type_descriptor.annotation
            args = [annotation, *getattr(annotation, "__args__", ())]
            enum = next((a for a in args if isinstance(a, type) and issubclass(a, Enum)), None)
            return [str(member.value) for member in enum] if enum else []
    return []


def _has(command: Any, option: str) -> bool:
    return any(option in getattr(param, "opts", []) for param in command.params)


def _output_suffix(command: Any) -> str:
    """The kind of file ``--output`` expects, from its default or its help."""
    for param in command.params:
        if "--output" in getattr(param, "opts", []):
            if isinstance(param.default, Path):
                return param.default.suffix
            return ".docx" if "DOCX" in (param.help or "") else ""
    return ""


def _first_argument(command: Any) -> Any:
    return next((p for p in command.params if p.param_type_name == "argument"), None)


def invocations(
    path: tuple[str, ...], command: Any, school: Path, broken: Path, out: Path
) -> Iterator[list[str]]:
    """Ways to run ``path``: each format, with and without output, both files."""
    argument = _first_argument(command)
    inputs: list[str] = []
    if argument is not None:
        inputs = [NAMES[0]] if argument.name == "text" else [str(school), str(broken)]
    if path == ("init",):
        # init takes the file to write; the school's values come from --data-file.
        for index, data in enumerate((school, broken)):
            yield ["init", str(out / f"init-{index}.yaml"), "--no-input", "--data-file", str(data)]
        return
    formats = _choices(command, "--format") or [None]
    extra = ["--roster", str(school.parent / "roster.csv")] if _has(command, "--roster") else []
    for index, source in enumerate(inputs or [None]):
        for fmt in formats if index == 0 else formats[:1]:
            args = [*path] + ([source] if source else []) + extra
            if fmt:
                args += ["--format", fmt]
            yield args
            if _has(command, "--output") and fmt == formats[0]:
                target = out / f"{'-'.join(path)}-{index}{_output_suffix(command)}"
                force = ["--force"] if _has(command, "--force") else []
                yield [*args, "--output", str(target), *force]


def run_cli(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sferum_cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# Runs many command lines in one process (imports once: the suite stays fast),
# each with file descriptors 1 and 2 redirected to its own files, so what is
# captured is exactly what a CI log would get, child processes included.
DRIVER = """
import json, os, sys
from sferum_cli.cli import main
runs = json.load(open(sys.argv[1], encoding="utf-8"))
logs = sys.argv[2]
codes = []
for index, args in enumerate(runs):
    sys.stdout.flush(); sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    for fd, name in ((1, "out"), (2, "err")):
        target = os.open(f"{logs}/{index}.{name}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(target, fd)
        os.close(target)
    sys.argv = ["sferum-cli", *args]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    sys.stdout.flush(); sys.stderr.flush()
    for fd, old in zip((1, 2), saved):
        os.dup2(old, fd)
        os.close(old)
    codes.append(code)
print(json.dumps(codes))
"""


def run_many(runs: list[list[str]], cwd: Path, env: dict[str, str]) -> list[tuple[int, str]]:
    """(exit code, stdout + stderr) of each command line, run under ``env``."""
    import json

    logs = cwd / "logs"
    logs.mkdir()
    plan = cwd / "runs.json"
    plan.write_text(json.dumps(runs, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(plan), str(logs)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    codes = json.loads(done.stdout.strip().splitlines()[-1])
    return [
        (
            code,
            (logs / f"{i}.out").read_text(encoding="utf-8", errors="replace")
            + (logs / f"{i}.err").read_text(encoding="utf-8", errors="replace"),
        )
        for i, code in enumerate(codes)
    ]


class Accept:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "250 Message accepted"


@pytest.fixture
def smtp_server() -> Iterator[int]:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(Accept(), hostname="127.0.0.1", port=port)
    controller.start()
    yield port
    controller.stop()


def ci_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SFERUM_")}
    env.update(CI="true", COLUMNS="100", PYTHONPATH=str(ROOT))
    return env


def test_every_command_under_ci_prints_no_contact_and_no_name(
    tmp_path: Path, smtp_server: int
) -> None:
    school, broken = valid_school(tmp_path), invalid_school(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    runs: list[list[str]] = []
    for path, command in command_paths():
        runs.extend(invocations(path, command, school, broken, out))
    runs.append(
        ["email", str(school), "--send", "--yes", "--smtp-host", "127.0.0.1",
         "--smtp-port", str(smtp_server), "--smtp-security", "none"]
    )  # fmt: skip
    covered = {tuple(run[:2]) for run in runs} | {tuple(run[:1]) for run in runs}
    for path, _ in command_paths():
        assert path in covered, f"command {path} is not exercised"

    problems = []
    all_output = ""
    for args, (code, output) in zip(runs, run_many(runs, tmp_path, ci_env()), strict=True):
        all_output += output
        assert code in (0, 1, 2), (args, output)
        if leaks := leaked(output):
            problems.append((args, leaks, output))
    assert problems == []
    # The data did flow through: the masked forms are there, the send worked.
    assert "o***@example.ru" in all_output
    assert "+7 9** ***-**-33" in all_output or "8 9** ***-**-33" in all_output
    assert "Письмо отправлено на info@sferum.ru" in all_output
    # The tool's own example text stays readable under CI.
    assert f"(пример: {EXAMPLE_EMAIL})" in all_output
    assert f"(пример: {EXAMPLE_PHONE})" in all_output


def test_show_pii_shows_what_ci_masks(tmp_path: Path) -> None:
    """The same search finds the data when asked to show it: the search works."""
    broken = invalid_school(tmp_path)
    result = run_cli(["--show-pii", "validate", str(broken)], tmp_path, ci_env())
    assert result.returncode == 1
    found = leaked(result.stdout)
    assert any(PHONES["mistyped_key"] in re.sub(r"\D", "", f) for f in found)
    assert EMAILS[1] in found and NAMES[2] in found


def test_masked_json_stays_json(tmp_path: Path) -> None:
    import json

    broken = invalid_school(tmp_path)
    result = run_cli(["validate", "--format", "json", str(broken)], tmp_path, ci_env())
    report = json.loads(result.stdout)
    paths = [e["path"] for f in report["files"] for e in f["errors"]]
    assert 'administrator["o***@example.ru"]' in paths
    assert leaked(result.stdout) == []


def test_eml_to_the_log_is_refused_under_ci(tmp_path: Path) -> None:
    school = valid_school(tmp_path)
    result = run_cli(["email", str(school), "--format", "eml"], tmp_path, ci_env())
    assert result.returncode == 2
    assert "-o zayavka.eml" in result.stderr
    shown = run_cli(["--show-pii", "email", str(school), "--format", "eml"], tmp_path, ci_env())
    assert shown.returncode == 0 and EMAILS[0] in shown.stdout


@pytest.mark.parametrize(
    "text",
    [
        "+79121112233",
        "89121112233",
        "9121112233",
        "8 912 111-22-33",
        "+7 (912) 111-22-33",
        "8(912)111-22-33",
        "+7 912 111 22 33",
        "8-912-111-22-33",
        "+375 29 123-45-67",
        "body=%20%2B7%20912%20111-22-33%0A",
    ],
)
def test_redact_masks_every_way_of_writing_a_phone(text: str) -> None:
    masked = redact(f"ключ «{text}»: ошибка")
    digits = re.sub(r"%[0-9A-Fa-f]{2}|\D", "", masked)
    assert "1112233" not in digits and "1234567" not in digits, masked
    assert masked.startswith("ключ «") and masked.endswith("»: ошибка")


@pytest.mark.parametrize(
    "text",
    [
        "ИНН 4345903219, КПП 434501001, ОГРН 1024301234561",
        "дата 2023-08-21, приказ № 01-12/345 от 21.08.2023",
        "Проверено файлов: 12; с ошибками: 3; файлов 1234567.",
        f"пример: {EXAMPLE_PHONE}, {EXAMPLE_EMAIL}, пишите на info@sferum.ru",
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 32»",
        "mailto:info@sferum.ru?subject=%D0%A1",
    ],
)
def test_redact_keeps_the_tools_own_text(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Мельник Ольга Викторовна", "М*** О*** В***"),
        ("назначена Мельник Ольге Викторовне,", "назначена М*** О*** В***,"),
        ("подпись О. В. Мельник", "подпись О*** В*** М***"),
        ("Петрова-Водкина Алёна Фёдоровна", "П*** А*** Ф***"),
        ("директор Лев Ильич Крымский", "директор Л*** И*** К***"),
        ("o.melnik@example.ru", "o***@example.ru"),
        ("mailto:?body=%0Ao.melnik%40example.ru", "mailto:?body=%0Ao***%40example.ru"),
    ],
)
def test_redact_masks_names_and_addresses(text: str, masked: str) -> None:
    assert redact(text) == masked


def test_names_from_the_file_are_masked_whatever_their_shape() -> None:
    privacy.reset()
    try:
        privacy.remember_names_in(
            {
                "organization": {"full_name": "Школа Ким Ольга"},
                "administrator": {"full_name": "Ким Ольга"},
                "classes": [{"teacher": "Мамедов Рашид Ильхам оглы"}],
            }
        )
        assert redact("учитель Ким Ольга, класс Мамедов Рашид Ильхам оглы") == (
            "учитель К*** О***, класс М*** Р*** И*** о***"
        )
    finally:
        privacy.reset()


# The groups of a subscriber number after an area code of 3, 4 or 5 digits.
_GROUPS = {7: [(3, 2, 2), (3, 4), (7,)], 6: [(2, 2, 2), (3, 3), (6,)], 5: [(1, 2, 2), (3, 2)]}


@st.composite
def russian_phones(draw: st.DrawFn) -> str:
    """A Russian number as people write it: +7, 8 or nothing; the area code
    with or without brackets; the rest in groups with hyphens or spaces, or
    solid."""
    area = draw(st.sampled_from([3, 4, 5]))
    first = draw(st.sampled_from("9" if area == 3 else "3456789"))
    national = first + draw(st.text("0123456789", min_size=9, max_size=9))
    code, rest = national[:area], national[area:]
    sizes = draw(st.sampled_from(_GROUPS[len(rest)]))
    separator = draw(st.sampled_from(["-", " "]))
    groups = [rest[sum(sizes[:i]) : sum(sizes[: i + 1])] for i in range(len(sizes))]
    code_text = draw(st.sampled_from([code, f"({code})", f" ({code}) "]))
    gap = draw(st.sampled_from(["", " ", "-"])) if code_text == code else ""
    prefix = draw(st.sampled_from(["+7", "8", "+7 ", "8 ", "+7-", "8-", ""]))
    written = (prefix + code_text + gap + separator.join(groups)).strip()
    # Ten bare digits not starting with 9 could be anything; they stay as they are.
    assume(prefix or first == "9" or not written.isdigit())
    assume(written != EXAMPLE_PHONE)
    return written


@given(
    russian_phones(), st.sampled_from(["тел. {}, звонить", "{}", "строка 12 {}", "{} 25.08.2023"])
)
@example("8 (912) 345 67 89", "{}")
@example("89123456789", "{} 25.08.2023")
@example("89123456789", "строка 12 {}")
@example("+7 912 111-22-33", "{}")
@example("8 (8332) 64-12-34", "{}")
def test_redact_masks_a_russian_phone_however_written(phone: str, frame: str) -> None:
    text = frame.format(phone)
    masked = redact(text)
    start = frame.index("{}")
    before, after = frame[:start], frame[start + 2 :]
    assert masked.startswith(before) and masked.endswith(after), masked
    shown = masked[len(before) : len(masked) - len(after)]
    digits = re.sub(r"\D", "", phone)
    # Only the first two and the last two digits are left.
    assert re.sub(r"\D", "", shown) == digits[:2] + digits[-2:], (text, masked)


def _written(day: date, style: str) -> str:
    if style == "d.m.yyyy":
        return f"{day.day}.{day.month}.{day.year}"
    return day.strftime(
        {"dd.mm.yyyy": "%d.%m.%Y", "dd.mm.yy": "%d.%m.%y", "iso": "%Y-%m-%d"}[style]
    )


@given(
    st.integers(0, 9_999_999),
    st.sampled_from([" ", "   ", "\t", "\u00a0", " - ", "  "]),
    st.dates(date(1900, 1, 1), date(2099, 12, 31)),
    st.sampled_from(["dd.mm.yyyy", "d.m.yyyy", "dd.mm.yy", "iso"]),
)
@example(812, "   ", date(2023, 8, 25), "dd.mm.yyyy")
@example(12, " ", date(2023, 8, 25), "dd.mm.yyyy")
@example(8123, " ", date(2023, 8, 25), "dd.mm.yy")
@example(812, " ", date(2023, 8, 25), "iso")
def test_a_count_then_a_date_is_no_phone(count: int, gap: str, day: date, style: str) -> None:
    text = f"Всего: {count}{gap}{_written(day, style)}"
    assert redact(text) == text
    assert redact(f"{text} 12:30") == f"{text} 12:30"


def test_a_phone_among_counts_and_dates_is_masked_alone() -> None:
    assert redact("812   25.08.2023 89121112233 3 шт.") == "812   25.08.2023 89*******33 3 шт."
    assert redact("25.08.2023 8 (912) 111-22-33") == "25.08.2023 8 (9**) ***-**-33"
