"""Report formats of ``validate``: checked against the formats' published schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sferum_cli.report import FORMATS, ReportFormat

DATA = Path(__file__).parent / "data" / "report-formats"
SCHOOLS = Path(__file__).parent / "schools"
INVALID = sorted((SCHOOLS / "invalid").glob("*.yaml"))
VALID = sorted((SCHOOLS / "valid").glob("*.yaml"))


def _validate(invoke, fmt: str, *paths: Path | str, strict: bool = False):  # type: ignore[no-untyped-def]
    args = ["validate", "--format", fmt, *(["--strict"] if strict else []), *map(str, paths)]
    return invoke(*args)


def _gitlab_issues(text: str) -> list[dict[str, object]]:
    import jsonschema

    assert not text.startswith("\ufeff"), "GitLab refuses a byte order mark"
    schema = json.loads((DATA / "gitlab-codequality.schema.json").read_text(encoding="utf-8"))
    issues = json.loads(text)
    jsonschema.Draft202012Validator(schema).validate(issues)
    return issues  # type: ignore[no-any-return]


def _junit(text: str):  # type: ignore[no-untyped-def]
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(DATA / "junit-10.xsd")))
    document = etree.fromstring(text.encode("utf-8"))
    schema.assertValid(document)
    return document


def test_every_format_is_offered_and_documented(invoke) -> None:
    assert set(FORMATS) == set(ReportFormat)
    help_text = " ".join(invoke("validate", "--help").stdout.split())
    for name in ReportFormat:
        assert f"{name} —" in help_text
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "`--format " + "\\|".join(ReportFormat) + "`" in readme


def test_gitlab_report_follows_the_code_quality_format(invoke, kirov: Path) -> None:
    missing = Path("no-such-school.yaml")
    result = _validate(invoke, "gitlab", kirov, *INVALID, missing)
    assert result.exit_code == 1
    issues = _gitlab_issues(result.stdout)
    by_path: dict[object, list[dict[str, object]]] = {}
    for issue in issues:
        by_path.setdefault(issue["location"]["path"], []).append(issue)  # type: ignore[index]
    # every invalid file shows up with at least one blocking problem; the valid one doesn't
    for path in INVALID:
        assert any(i["severity"] == "critical" for i in by_path[str(path)]), path.name
    assert all(i["severity"] == "minor" for i in by_path.get(str(kirov), []))
    (not_found,) = by_path[str(missing)]
    assert not_found["location"] == {"path": str(missing), "lines": {"begin": 1}}
    assert not_found["check_name"] == "file.not_found"
    assert all(i["location"]["lines"]["begin"] >= 1 for i in issues)  # type: ignore[index]
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    landline = next(i for i in by_path[str(SCHOOLS / "invalid" / "admin-landline.yaml")])
    assert landline["location"]["lines"] == {"begin": 21}  # type: ignore[index]
    assert landline["check_name"] == "phone.not_mobile"
    assert str(landline["description"]).startswith("administrator.phone: нужен номер мобильного")


def test_gitlab_fingerprints_are_stable_and_free_of_personal_data(invoke, tmp_path: Path) -> None:
    school = tmp_path / "school.yaml"
    text = (SCHOOLS / "invalid" / "admin-landline.yaml").read_text(encoding="utf-8")
    school.write_text(text, encoding="utf-8")
    first = _gitlab_issues(_validate(invoke, "gitlab", school).stdout)
    school.write_text(text.replace("Орлова", "Смирнова"), encoding="utf-8")
    second = _gitlab_issues(_validate(invoke, "gitlab", school).stdout)
    assert [i["fingerprint"] for i in first] == [i["fingerprint"] for i in second]


def test_gitlab_report_of_valid_files_is_an_empty_array(invoke) -> None:
    result = _validate(invoke, "gitlab", SCHOOLS / "valid" / "minimal.yaml")
    assert result.exit_code == 0
    assert [i["severity"] for i in _gitlab_issues(result.stdout)] == ["minor"] * len(
        json.loads(result.stdout)
    )


def test_junit_report_is_valid_against_the_junit_schema(invoke, kirov: Path) -> None:
    missing = Path("no-such-school.yaml")
    result = _validate(invoke, "junit", kirov, *VALID, *INVALID, missing)
    assert result.exit_code == 1
    root = _junit(result.stdout)
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [str(p) for p in (kirov, *VALID, *INVALID, missing)]
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    assert failed == {str(p) for p in (*INVALID, missing)}
    assert suite.get("tests") == str(len(cases)) and suite.get("failures") == str(len(failed))
    assert root.get("failures") == str(len(failed))
    landline = next(c for c in cases if c.get("name", "").endswith("admin-landline.yaml"))
    failure = landline.find("failure")
    assert failure.get("type") == "phone.not_mobile"
    assert f"{SCHOOLS / 'invalid' / 'admin-landline.yaml'}:21:10: administrator.phone:" in (
        failure.text
    )


def test_junit_report_of_a_valid_file_passes(invoke, kirov: Path) -> None:
    result = _validate(invoke, "junit", kirov)
    assert result.exit_code == 0
    (case,) = _junit(result.stdout).iter("testcase")
    assert case.find("failure") is None
    assert "предупреждение" in case.findtext("system-out")  # the example has warnings


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_strict_makes_a_warning_fail_in_every_format(invoke, tatarstan: Path, fmt: str) -> None:
    lenient = _validate(invoke, fmt, tatarstan)
    strict = _validate(invoke, fmt, tatarstan, strict=True)
    assert lenient.exit_code == 0 and strict.exit_code == 1
    if fmt == "text":
        assert "файл школы в порядке" in lenient.stdout
        assert "в порядке" not in strict.stdout
        assert "с ошибками: 1" in strict.stdout
        assert "предупреждение:" not in strict.stdout
    elif fmt == "json":
        assert json.loads(lenient.stdout)["valid"] is True
        payload = json.loads(strict.stdout)
        assert payload["valid"] is False and payload["files"][0]["valid"] is False
        assert payload["files"][0]["errors"] and not payload["files"][0]["warnings"]
    elif fmt == "github":
        assert "::warning " in lenient.stdout and "::error " not in lenient.stdout
        assert "::error " in strict.stdout and "::warning " not in strict.stdout
    elif fmt == "gitlab":
        assert {i["severity"] for i in _gitlab_issues(lenient.stdout)} == {"minor"}
        assert {i["severity"] for i in _gitlab_issues(strict.stdout)} == {"critical"}
    else:
        assert next(_junit(lenient.stdout).iter("testcase")).find("failure") is None
        assert next(_junit(strict.stdout).iter("testcase")).find("failure") is not None


def test_json_lines_and_columns_are_1_based_or_null(invoke, kirov: Path) -> None:
    result = _validate(invoke, "json", kirov, *INVALID, "no-such-school.yaml")
    problems = [
        p for f in json.loads(result.stdout)["files"] for p in (*f["errors"], *f["warnings"])
    ]
    assert len(problems) > len(INVALID)
    for problem in problems:
        line, column = problem["line"], problem["column"]
        assert (line is None and column is None) or (line >= 1 and column >= 1), problem
    not_found = json.loads(result.stdout)["files"][-1]["errors"]
    assert not_found == [
        {
            "path": "",
            "line": None,
            "column": None,
            "code": "file.not_found",
            "message": not_found[0]["message"],
        }
    ]


def test_github_annotation_of_a_file_level_error_has_no_position(invoke) -> None:
    result = _validate(invoke, "github", "no-such-school.yaml")
    assert result.stdout.splitlines()[0].startswith(
        "::error file=no-such-school.yaml,title=file.not_found::"
    )
