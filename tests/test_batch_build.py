from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from sferum_cli.batch.build import BuildOptions, build
from sferum_cli.batch.slugs import assign, slugify

ROOT = Path(__file__).resolve().parent.parent
INVALID = ROOT / "tests" / "schools" / "invalid" / "admin-landline.yaml"


def copy_examples(folder: Path) -> list[Path]:
    """The example school files, copied into ``folder`` (made here)."""
    folder.mkdir()
    paths = []
    for source in sorted((ROOT / "examples").glob("*.yaml")):
        target = folder / source.name
        shutil.copyfile(source, target)
        paths.append(target)
    return paths


@pytest.fixture
def schools(tmp_path: Path) -> list[Path]:
    return copy_examples(tmp_path / "schools")


def _manifest(outdir: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))


def test_build_writes_every_document_and_a_true_manifest(
    schools: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    summary = build([*schools, INVALID], BuildOptions(outdir=out))
    assert (summary.built, summary.failed, summary.total) == (2, 1, 3)
    manifest = _manifest(out)
    assert manifest["tool"] == "sferum-cli" and manifest["valid"] is False
    kirov, tatarstan, bad = manifest["schools"]
    assert kirov["slug"] == "kirov-school-32" and kirov["valid"] is True
    names = {item["path"] for item in kirov["files"]}
    assert {
        "kirov-school-32/prikaz.docx",
        "kirov-school-32/pismo.docx",
        "kirov-school-32/polozhenie.docx",
        "kirov-school-32/pismo-zayavka.txt",
        "kirov-school-32/pismo-zayavka.eml",
        "kirov-school-32/checklist-admin.md",
        "kirov-school-32/checklist-teachers.md",
        "kirov-school-32/checklist-students.md",
        "kirov-school-32/checklist-parents.md",
        "kirov-school-32/handouts/handout-1А.docx",
        "kirov-school-32/handouts/handout-5А.docx",
        "kirov-school-32/handouts/handout-11Б.docx",
    } <= names
    for item in kirov["files"] + tatarstan["files"]:
        data = (out / item["path"]).read_bytes()
        assert item["size"] == len(data)
        assert item["sha256"] == hashlib.sha256(data).hexdigest()
    assert bad["valid"] is False and bad["files"] == []
    assert bad["errors"][0]["code"] == "phone.not_mobile"
    assert bad["errors"][0]["line"] == 21
    assert not (out / bad["slug"]).exists()
    body = (out / "kirov-school-32" / "pismo-zayavka.txt").read_text(encoding="utf-8")
    assert "+7 912 345-67-89" in body


def test_same_inputs_same_manifest_and_bytes(schools: list[Path], tmp_path: Path) -> None:
    build(schools, BuildOptions(outdir=tmp_path / "a"))
    build(schools, BuildOptions(outdir=tmp_path / "b"))
    a, b = _manifest(tmp_path / "a"), _manifest(tmp_path / "b")
    assert a == b
    for item in a["schools"][0]["files"]:
        assert (tmp_path / "a" / item["path"]).read_bytes() == (
            tmp_path / "b" / item["path"]
        ).read_bytes()


def test_two_jobs_give_the_same_result_as_one(schools: list[Path], tmp_path: Path) -> None:
    copies = tmp_path / "copies"
    copies.mkdir()
    inputs = [*schools, INVALID]
    for path in schools:
        inputs.append(copies / path.name)
        shutil.copyfile(path, inputs[-1])
    build(inputs, BuildOptions(outdir=tmp_path / "one", jobs=1))
    build(inputs, BuildOptions(outdir=tmp_path / "two", jobs=2))
    one, two = _manifest(tmp_path / "one"), _manifest(tmp_path / "two")
    assert one == two
    assert len({school["slug"] for school in two["schools"]}) == 5


def test_unchanged_schools_are_not_rebuilt(schools: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(schools, BuildOptions(outdir=out))
    first = (out / "manifest.json").read_bytes()
    again = build(schools, BuildOptions(outdir=out))
    assert (again.built, again.unchanged) == (0, 2)
    assert (out / "manifest.json").read_bytes() == first
    forced = build(schools, BuildOptions(outdir=out, force=True))
    assert forced.built == 2
    # Editing one school rebuilds that one; a removed class loses its handout.
    kirov = schools[0]
    text = kirov.read_text(encoding="utf-8")
    start = text.index("  - name: 11Б")
    end = text.index("teachers:")
    kirov.write_text(text[:start] + text[end:], encoding="utf-8")
    changed = build(schools, BuildOptions(outdir=out))
    assert (changed.built, changed.unchanged) == (1, 1)
    assert not (out / "kirov-school-32" / "handouts" / "handout-11Б.docx").exists()
    assert (out / "kirov-school-32" / "handouts" / "handout-5А.docx").exists()


def test_a_deleted_output_is_rebuilt(schools: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(schools, BuildOptions(outdir=out))
    (out / "kirov-school-32" / "prikaz.docx").unlink()
    assert build(schools, BuildOptions(outdir=out)).built == 1
    assert (out / "kirov-school-32" / "prikaz.docx").exists()


@pytest.mark.parametrize(
    ("stem", "slug"),
    [
        ("Школа № 32", "shkola-32"),
        ("Берёзовская ООШ", "berezovskaia-oosh"),
        ("CON", "con-school"),
        ("..", "school"),
        ("../../etc", "etc"),
        ("a" * 100, "a" * 60),
    ],
)
def test_slugs_are_ascii_and_safe(stem: str, slug: str) -> None:
    assert slugify(stem) == slug


def test_equal_stems_get_distinct_slugs() -> None:
    paths = [Path("north/school.yaml"), Path("south/school.yaml"), Path("east/other.yaml")]
    slugs = assign(paths)
    assert len(set(slugs)) == 3
    assert slugs[2] == "other"
    assert all(s.startswith("school-") for s in slugs[:2])
    # A slug doesn't depend on the order of the inputs.
    assert assign(list(reversed(paths)))[::-1] == slugs


def test_cli_plain_output_and_exit_code(invoke, schools: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke(
        "build", *map(str, schools), str(INVALID), "-o", str(out), "-j", "1", env={"CI": "true"}
    )
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"[1/3] собрана: {schools[0]} → kirov-school-32"
    assert lines[2].startswith("[3/3] ОШИБКА: ")
    assert f"{INVALID}:21:10: administrator.phone:" in result.stderr
    assert "Готово: собрано 2, без изменений 0, с ошибками 1 из 3" in result.stdout


def test_cli_accepts_globs(invoke, schools: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    pattern = str(schools[0].parent / "*.yaml")
    result = invoke("build", pattern, "-o", str(out), "-j", "1")
    assert result.exit_code == 0, result.output
    assert len(_manifest(out)["schools"]) == 2


@pytest.mark.libreoffice
def test_pdf_in_one_libreoffice_run(schools: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(schools[:1], BuildOptions(outdir=out, pdf=True))
    files = {item["path"] for item in _manifest(out)["schools"][0]["files"]}
    for docx in [f for f in files if f.endswith(".docx")]:
        assert docx[: -len(".docx")] + ".pdf" in files
        assert (out / (docx[: -len(".docx")] + ".pdf")).read_bytes().startswith(b"%PDF")
    assert build(schools[:1], BuildOptions(outdir=out, pdf=True)).unchanged == 1


def test_unreadable_school_files_are_reported_with_their_place(invoke, tmp_path: Path) -> None:
    broken = ROOT / "tests" / "schools" / "invalid" / "duplicate-key.yaml"
    result = invoke("build", str(tmp_path / "missing.yaml"), str(broken), "-o", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert f"{tmp_path / 'missing.yaml'}: файл не найден." in result.stderr
    bad = json.loads((tmp_path / "o" / "manifest.json").read_text(encoding="utf-8"))["schools"]
    assert [school["errors"][0]["code"] for school in bad] == [
        "file.not_found",
        "yaml.duplicate_key",
    ]
    line = len(broken.read_text(encoding="utf-8").splitlines())  # the repeated key is last
    assert bad[1]["errors"][0]["line"] == line
    assert f"{broken}:{line}:1: ключ «version» повторяется (впервые в строке" in result.stderr
