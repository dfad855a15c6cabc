"""Paths written in a school file: one resolver, confined to the school's folder
(or --files-root); files the user names are read only when regular and small."""

from __future__ import annotations

import email
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hostile import MAX_PEAK_MB, MAX_SECONDS, line_of, run_cli, school_file

from sferum_cli.errors import SchoolPathError, UserFileError
from sferum_cli.school_paths import SchoolPaths
from sferum_cli.user_files import SizeLimit, read_user_file
from sferum_cli.yamlio import load as load_yaml

PDF = b"%PDF-1.4\n% synthetic scan\n"
SECRET = b"root:x:0:0:SECRET-OF-THE-RUNNER\n"


def _paths(school: Path, root: Path | None = None) -> SchoolPaths:
    return SchoolPaths(school, load_yaml(school).positions, root)


def test_resolver_expands_home_windows_separators_and_the_school_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    folder = home / "schools" / "kirov"
    (folder / "scans").mkdir(parents=True)
    (folder / "scans" / "scan.pdf").write_bytes(PDF)
    (home / "blank.docx").write_bytes(b"x")
    monkeypatch.setenv("HOME", str(home))
    school = school_file(folder)
    paths = _paths(school)
    key = ("email", "signed_scan")
    assert paths.resolve(key, "scans/scan.pdf") == folder / "scans" / "scan.pdf"
    assert paths.resolve(key, "scans\\scan.pdf") == folder / "scans" / "scan.pdf"
    assert paths.resolve(key, ".\\scans\\..\\scans\\scan.pdf").resolve() == (
        folder / "scans" / "scan.pdf"
    )
    assert paths.resolve(key, str(folder / "scans" / "scan.pdf")) == folder / "scans" / "scan.pdf"
    with pytest.raises(SchoolPathError, match="за пределы папки файла школы"):
        paths.resolve(key, "~/blank.docx")
    assert _paths(school, root=home).resolve(key, "~/blank.docx") == home / "blank.docx"
    assert _paths(school, root=home).resolve(key, "..\\..\\blank.docx").resolve() == (
        home / "blank.docx"
    )


def _blank(path: Path) -> Path:
    from hostile import docx_with_text

    return docx_with_text(path, "Бланк из домашней папки")


def test_home_letterhead_means_the_same_for_letter_and_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Any
) -> None:
    """Regression: «letterhead: ~/blank.docx» worked for letter, build said «не найден»."""
    home = tmp_path / "home"
    home.mkdir()
    _blank(home / "blank.docx")
    monkeypatch.setenv("HOME", str(home))
    school = school_file(tmp_path / "repo" / "kirov", "documents:\n  letterhead: ~/blank.docx\n")
    line = line_of(school, "letterhead:")
    where = f"{school}:{line}:3: documents.letterhead: «~/blank.docx» указывает за пределы"

    letter = invoke("letter", str(school), "-o", str(tmp_path / "pismo.docx"))
    build = invoke("build", str(school), "-o", str(tmp_path / "out"))
    assert (letter.exit_code, build.exit_code) == (1, 1)
    assert where in letter.stderr
    assert where in build.stderr
    assert not (tmp_path / "pismo.docx").exists()

    letter = invoke("letter", str(school), "-o", str(tmp_path / "pismo.docx"), "--files-root", "~")
    build = invoke("build", str(school), "-o", str(tmp_path / "out"), "--files-root", str(home))
    assert (letter.exit_code, build.exit_code) == (0, 0), letter.stderr + build.stderr
    import docx

    (built,) = (tmp_path / "out").glob("*/pismo.docx")
    for made in (tmp_path / "pismo.docx", built):
        assert docx.Document(str(made)).paragraphs[0].text == "Бланк из домашней папки"


@pytest.mark.parametrize(
    "written",
    ["/etc/passwd", "../../secrets.txt", "link-to-secrets.txt", "..\\..\\secrets.txt"],
    ids=["absolute", "dot-dot", "symlink-outside", "windows-dot-dot"],
)
def test_school_file_paths_never_leave_its_folder(
    written: str, tmp_path: Path, invoke: Any
) -> None:
    secrets = tmp_path / "secrets.txt"
    secrets.write_bytes(SECRET)
    folder = tmp_path / "repo" / "kirov"
    folder.mkdir(parents=True)
    (folder / "link-to-secrets.txt").symlink_to(secrets)
    school = school_file(folder, f"email:\n  attachments:\n    - {json.dumps(written)}\n")
    line = line_of(school, "    - ")
    where = f"{school}:{line}:7: email.attachments[0]: «{written}» указывает за пределы"

    out = tmp_path / "out"
    build = invoke("build", str(school), "-o", str(out))
    assert build.exit_code == 1
    assert where in build.stderr
    assert not any(SECRET in p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert not list(out.glob("*/*.eml"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (error,) = manifest["schools"][0]["errors"]
    assert (error["line"], error["column"], error["code"]) == (line, 7, "file.outside_root")

    draft = tmp_path / "draft.eml"
    mail = invoke("email", str(school), "-f", "eml", "-o", str(draft))
    assert mail.exit_code == 1
    assert where in mail.stderr
    assert not draft.exists()


def test_files_root_and_its_environment_variable_allow_a_shared_folder(
    tmp_path: Path, invoke: Any
) -> None:
    shared = tmp_path / "repo" / "shared"
    shared.mkdir(parents=True)
    (shared / "scan.pdf").write_bytes(PDF)
    school = school_file(tmp_path / "repo" / "kirov", "email:\n  signed_scan: ../shared/scan.pdf\n")
    refused = invoke("email", str(school), "-f", "eml")
    assert refused.exit_code == 1
    assert "email.signed_scan: «../shared/scan.pdf» указывает за пределы" in refused.stderr
    for extra, env in (
        (["--files-root", str(tmp_path / "repo")], None),
        ([], {"SFERUM_FILES_ROOT": str(tmp_path / "repo")}),
    ):
        result = invoke("email", str(school), "-f", "eml", *extra, env=env)
        assert result.exit_code == 0, result.stderr
        message = email.message_from_bytes(result.stdout_bytes)
        (part,) = [p for p in message.walk() if p.get_filename()]
        assert part.get_payload(decode=True) == PDF


def test_missing_file_and_roster_are_located_in_the_school_file(
    tmp_path: Path, invoke: Any
) -> None:
    school = school_file(tmp_path / "kirov", "teachers_roster: lists\\teachers.csv\n")
    result = invoke("checklist", "teachers", str(school), "-f", "text")
    assert result.exit_code == 1
    line = line_of(school, "teachers_roster:")
    assert f"{school}:{line}:1: teachers_roster: файл «lists\\teachers.csv» не найден" in (
        result.stderr
    )
    (tmp_path / "kirov" / "lists").mkdir()
    (tmp_path / "kirov" / "lists" / "teachers.csv").write_text(
        "ФИО;Должность\nПетрова Анна Сергеевна;учитель\n", encoding="utf-8"
    )
    result = invoke("checklist", "teachers", str(school), "-f", "text")
    assert result.exit_code == 0, result.stderr
    assert "Петрова Анна Сергеевна" in result.stdout


def test_command_line_paths_are_the_users_own(tmp_path: Path, invoke: Any) -> None:
    outside = tmp_path / "elsewhere" / "scan.pdf"
    outside.parent.mkdir()
    outside.write_bytes(PDF)
    school = school_file(tmp_path / "repo" / "kirov")
    result = invoke("email", str(school), "-f", "eml", "--attach", str(outside))
    assert result.exit_code == 0, result.stderr
    message = email.message_from_bytes(result.stdout_bytes)
    (part,) = [p for p in message.walk() if p.get_filename()]
    assert part.get_payload(decode=True) == PDF


# --- reading only regular files, with a size cap --------------------------------


def test_read_user_file_refuses_devices_pipes_folders_and_big_files(tmp_path: Path) -> None:
    zero = tmp_path / "zero.docx"
    zero.symlink_to("/dev/zero")
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 101)
    cases = {
        zero: "file.not_regular",
        fifo: "file.not_regular",
        tmp_path: "file.is_directory",
        big: "file.too_large",
        tmp_path / "none": "file.not_found",
    }
    for path, code in cases.items():
        with pytest.raises(UserFileError) as caught:
            read_user_file(path, SizeLimit(100))
        assert caught.value.code == code, path
        assert str(path) in str(caught.value)
    assert read_user_file(big, SizeLimit(101)) == b"x" * 101


def test_a_size_limit_says_its_figure_or_its_own_reason(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(3 * 1024 * 1024)
    for limit, reason in [
        (SizeLimit(2 * 1024 * 1024), "файл больше 2 МиБ"),
        (
            SizeLimit(1024 * 1024, "файл больше 1 МиБ — это не список"),
            "файл больше 1 МиБ — это не список",
        ),
    ]:
        with pytest.raises(UserFileError) as caught:
            read_user_file(big, limit)
        assert (caught.value.code, caught.value.reason) == ("file.too_large", reason)


@pytest.mark.parametrize(
    "case",
    ["fifo-school-file", "fifo-letterhead", "dev-zero-letterhead", "fifo-attachment"],
)
def test_hostile_user_files_end_quickly_and_small(case: str, tmp_path: Path) -> None:
    """Each of these hung forever or took 5.2 GB and exit 3 before."""
    school = school_file(tmp_path / "kirov")
    special = tmp_path / ("pipe.yaml" if case == "fifo-school-file" else "special.docx")
    if case == "dev-zero-letterhead":
        special.symlink_to("/dev/zero")
    else:
        os.mkfifo(special)
    args = {
        "fifo-school-file": ["validate", str(special)],
        "fifo-letterhead": ["letter", str(school), "--letterhead", str(special), "-o", "x.docx"],
        "dev-zero-letterhead": ["letter", str(school), "--letterhead", str(special)],
        "fifo-attachment": ["email", str(school), "--attach", str(special)],
    }[case]
    result = run_cli(args, cwd=tmp_path, kill_after=20)
    assert result.returncode == 1, result
    assert f"{special}: это не обычный файл (устройство, канал или сокет)" in (
        result.stdout + result.stderr
    )
    assert result.cpu_seconds < MAX_SECONDS, result
    assert result.peak_mb < MAX_PEAK_MB, result
    assert not (tmp_path / "x.docx").exists()


def test_validate_reports_at_their_keys_the_paths_build_refuses(
    tmp_path: Path, invoke: Any
) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "scan.pdf").write_bytes(PDF)
    school = school_file(
        tmp_path / "kirov",
        "teachers_roster: ../../etc/passwd\nemail:\n  signed_scan: ../shared/scan.pdf\n"
        "  attachments:\n    - нет такого.pdf\n",
    )
    result = invoke("validate", str(school), "-f", "json")
    assert result.exit_code == 1
    errors = {e["path"]: e for e in json.loads(result.stdout)["files"][0]["errors"]}
    assert {key: (e["line"], e["code"]) for key, e in errors.items()} == {
        "teachers_roster": (line_of(school, "teachers_roster:"), "file.outside_root"),
        "email.signed_scan": (line_of(school, "signed_scan:"), "file.outside_root"),
        "email.attachments[0]": (line_of(school, "нет такого"), "file.not_found"),
    }
    build = invoke("build", str(school), "-o", str(tmp_path / "out"))
    assert build.exit_code == 1
    assert f"{school}:{line_of(school, 'teachers_roster:')}:1: teachers_roster:" in build.stderr

    (tmp_path / "kirov" / "нет такого.pdf").write_bytes(PDF)
    result = invoke("validate", str(school), "--files-root", str(tmp_path), "-f", "json")
    (only,) = json.loads(result.stdout)["files"][0]["errors"]
    assert (only["path"], only["code"]) == ("teachers_roster", "file.outside_root")


def test_school_files_found_in_a_folder_never_lead_outside_it(tmp_path: Path, invoke: Any) -> None:
    from sferum_cli.files import find_school_files

    outside = tmp_path / "runner-secrets.yaml"
    outside.write_text("token: SECRET-OF-THE-RUNNER\n", encoding="utf-8")
    repo = tmp_path / "repo"
    school = school_file(repo / "schools", name="a.yaml")
    (repo / "schools" / "evil.yaml").symlink_to(outside)
    (repo / "schools" / "alias.yaml").symlink_to(school)
    expected = [repo / "schools" / "a.yaml", repo / "schools" / "alias.yaml"]
    assert find_school_files([repo]) == expected
    assert find_school_files([f"{repo}/**/*.yaml"]) == expected
    assert find_school_files([repo / "schools" / "evil.yaml"]) == [repo / "schools" / "evil.yaml"]

    result = invoke("validate", str(repo), "-f", "json", "--show-pii")
    assert "SECRET" not in result.stdout + result.stderr
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [str(p) for p in expected]


def test_build_ignores_a_state_file_that_is_not_a_regular_file(tmp_path: Path) -> None:
    school = school_file(tmp_path / "kirov")
    first = run_cli(["build", str(school), "-o", "out", "-j", "1"], cwd=tmp_path)
    assert first.returncode == 0, first
    (state,) = (tmp_path / "out").glob("*/.sferum-build.json")
    state.unlink()
    os.mkfifo(state)  # hung the next build forever
    again = run_cli(["build", str(school), "-o", "out", "-j", "1"], cwd=tmp_path, kill_after=60)
    assert again.returncode == 0, again
    assert "собрано 1" in again.stdout
