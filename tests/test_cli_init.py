from __future__ import annotations

import json
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from sferum_cli.validation import check, load_school

SCHOOLS = Path(__file__).parent / "schools"
MINIMAL = SCHOOLS / "valid" / "minimal.yaml"


def test_scaffold_from_data_file_validates_and_equals_source(invoke, tmp_path: Path) -> None:
    target = tmp_path / "school.yaml"
    result = invoke("init", str(target), "--no-input", "--data-file", str(MINIMAL))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=school.schema.json"
    assert "# ИНН организации, 10 цифр" in text
    assert "Осталось заполнить" not in result.stdout
    assert load_school(target) == load_school(MINIMAL)
    schema = json.loads((tmp_path / "school.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_lists_from_data_file_are_kept(invoke, tmp_path: Path) -> None:
    source = SCHOOLS / "valid" / "classes-and-teachers.yaml"
    target = tmp_path / "school.yaml"
    assert invoke("init", str(target), "--no-input", "--data-file", str(source)).exit_code == 0
    assert load_school(target) == load_school(source)


def test_empty_scaffold_reports_what_is_missing(invoke, tmp_path: Path) -> None:
    target = tmp_path / "school.yaml"
    result = invoke("init", str(target), "--no-input", "--set", "organization.inn=4345903219")
    assert result.exit_code == 0
    assert "Осталось заполнить" in result.stdout
    assert "  - organization.full_name\n" in result.stdout
    assert "organization.inn\n" not in result.stdout
    # The unfilled file is valid YAML whose only errors are the empty required keys.
    codes = {p.code for p in check(target).errors}
    assert codes == {"required"}


def test_set_rejects_bad_values_and_unknown_keys(invoke, tmp_path: Path) -> None:
    target = tmp_path / "school.yaml"
    bad = invoke("init", str(target), "--no-input", "--set", "organization.inn=123")
    assert bad.exit_code == 2
    assert "organization.inn: ИНН организации — это 10 цифр" in bad.stderr
    typo = invoke("init", str(target), "--no-input", "--set", "organisation.inn=1")
    assert typo.exit_code == 2
    assert "organization.inn" in typo.stderr
    assert not target.exists()


def test_refuses_to_overwrite_without_force(invoke, tmp_path: Path) -> None:
    target = tmp_path / "school.yaml"
    target.write_text("мой файл", encoding="utf-8")
    result = invoke("init", str(target), "--no-input")
    assert result.exit_code == 1
    assert "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "мой файл"
    assert invoke("init", str(target), "--no-input", "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_no_input_never_prompts_even_with_stdin(invoke, tmp_path: Path) -> None:
    result = invoke("init", str(tmp_path / "s.yaml"), "--no-input", input="x\n" * 5)
    assert result.exit_code == 0
    assert "—" not in result.stderr  # no prompt text was shown


def test_interactive_checks_each_answer_at_once(invoke, tmp_path: Path) -> None:
    """Prompts go to stderr; a wrong ИНН is refused and asked again."""
    from sferum_cli import scaffold

    leaves = [
        leaf
        for leaf in scaffold.leaves()
        if leaf.path[0] in ("organization", "director", "administrator", "appointment", "platform")
        and leaf.dotted != "version"
    ]
    minimal = load_school(MINIMAL).model_dump(mode="json")
    answers = []
    for leaf in leaves:
        value = minimal
        for part in leaf.path:
            value = value.get(part) if isinstance(value, dict) else None
        if leaf.dotted == "organization.inn":
            answers.append("1234567890")  # wrong checksum: asked again
        answers.append("" if value is None else str(value))
    target = tmp_path / "school.yaml"
    result = invoke("init", str(target), "--interactive", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Ошибка: неверная контрольная цифра ИНН" in result.stderr
    assert "organization.inn — ИНН организации, 10 цифр" in result.stderr
    assert check(target).valid


# --- every value init writes reads back as itself -----------------------------------

_ANYTHING = st.text(st.characters(blacklist_categories=()), max_size=40) | st.text(
    st.sampled_from('ab  \\"\u2028\x85'), max_size=300
)


@example(" a # b: c ")
@example("'\"\\ \\\\n")
@example("\x85 \u2028 \u2029")  # line breaks to YAML, letters to a person
@example("\ufeffШкола")
@example("\x80\x9f")  # C1 controls: YAML refuses them raw, reads them escaped
@example("- [x] {y}: &z *w !t |")
@example("null")
@example("\x07")  # refused
@example("\udc80")  # refused: a byte that was not UTF-8
@given(value=_ANYTHING)
def test_every_value_init_writes_reads_back(value: str) -> None:
    from sferum_cli import scaffold, yamlio, yamlwrite

    leaf = scaffold.leaf_index()["organization.full_name"]
    problem = yamlwrite.unwritable(value)
    if problem is not None:
        assert scaffold.check_value(leaf, value) == problem  # init refuses it at once
        return
    teacher = {"full_name": value, f"{value}k": [value, None, {f"{value}k": value}]}
    text = scaffold.render(
        {"version": "1", "organization.full_name": value}, {"teachers": [teacher, value]}
    )
    data = yamlio.parse(text, "school.yaml").data
    assert data["organization"]["full_name"] == value
    assert data["teachers"] == [teacher, value]


def test_control_character_is_refused_at_the_prompt(invoke, tmp_path: Path) -> None:
    from sferum_cli import scaffold

    first = next(leaf for leaf in scaffold.leaves() if leaf.dotted != "version")
    target = tmp_path / "school.yaml"
    result = invoke(
        "init", str(target), "--interactive", input="Школа\x07 № 1\nШкола № 1\n" + "\n" * 80
    )
    assert "Ошибка: недопустимый управляющий символ U+0007" in result.stderr
    assert result.exit_code == 0, result.output
    assert yamlio_value(target, first.path) == "Школа № 1"


def yamlio_value(path: Path, keys: tuple[str, ...]) -> object:
    from sferum_cli import yamlio

    value: object = yamlio.load(path).data
    for key in keys:
        assert isinstance(value, dict)
        value = value.get(key)
    return value


def test_set_with_a_control_character_or_a_stray_byte_is_refused(invoke, tmp_path: Path) -> None:
    target = tmp_path / "school.yaml"
    for value, shown in (("Школа\x1b[31m", "U+001B"), ("Школа\udcff", "U+DCFF")):
        result = invoke(
            "init", str(target), "--no-input", "--set", f"organization.full_name={value}"
        )
        assert result.exit_code == 2
        assert "organization.full_name: " in result.stderr and shown in result.stderr
        assert not target.exists()
