"""The three documents rendered from the library: text, grammar, bytes, templates."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from functools import partial
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sferum_cli import documents
from sferum_cli.documents import reproducible
from sferum_cli.documents.kinds import KINDS
from sferum_cli.documents.typography import NBHY, NBSP
from sferum_cli.errors import TemplateError, UserFileError
from sferum_cli.model import School
from sferum_cli.validation import load_school
from sferum_cli.yamlio import load as load_yaml

DATA = Path(__file__).parent / "data" / "documents"
RENDER = {kind.name: partial(documents.render, kind.name) for kind in KINDS}


def docx_text(data: bytes, *, exact: bool = False) -> str:
    """Every paragraph of the body, its tables, headers and footers, one per line.

    Non-breaking spaces read as spaces unless ``exact`` (the golden files keep
    them: which groups are bound is part of the reviewed text).
    """
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []

    def walk(container: Any) -> None:
        for paragraph in container.paragraphs:
            lines.append(paragraph.text)
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    walk(cell)

    walk(document)
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                walk(part)
    text = "\n".join(lines)
    return text if exact else flat(text)


def flat(text: str) -> str:
    """Text as read aloud: non-breaking spaces and hyphens as ordinary ones."""
    return text.replace(NBSP, " ").replace(NBHY, "-")


def school_data(path: Path) -> dict[str, Any]:
    return json.loads(json.dumps(load_yaml(path).data))  # type: ignore[no-any-return]


def school_from(data: dict[str, Any]) -> School:
    return School.model_validate(data)


@pytest.fixture(scope="module")
def expected() -> dict[str, dict[str, list[str]]]:
    return load_yaml(DATA / "expected.yaml").data  # type: ignore[no-any-return]


@pytest.mark.parametrize("kind", list(RENDER))
def test_document_contains_requisites_and_declined_forms(
    example_school: Path, kind: str, expected: dict[str, dict[str, list[str]]]
) -> None:
    school = load_school(example_school)
    text = docx_text(RENDER[kind](school))
    for fragment in expected[example_school.stem][kind]:
        assert flat(fragment) in text, fragment
    # No tag survives rendering.
    assert "{{" not in text and "{%" not in text


def test_letter_fits_the_school_without_outgoing_number(tatarstan: Path) -> None:
    lines = docx_text(documents.render("letter", load_school(tatarstan))).splitlines()
    # The website line of the letterhead is left out when the school has none.
    assert not [line for line in lines if line.startswith("https://")]
    assert "01.09.2025 № ____________" in lines


def test_case_overrides_win_over_generated_forms(kirov: Path) -> None:
    data = school_data(kirov)
    data["administrator"]["cases"] = {"accusative": "Мельника Ольгу Викторовну"}
    data["administrator"]["position_cases"] = {"accusative": "учителя-информатика"}
    data["director"]["position"] = "Исполняющий обязанности директора"
    data["director"]["position_cases"] = {"genitive": "исполняющего обязанности директора"}
    school = school_from(data)
    order = docx_text(documents.render("order", school))
    assert "Назначить Мельника Ольгу Викторовну, учителя-информатика," in order
    assert "Исполняющий обязанности директора" in order
    policy = docx_text(documents.render("policy", school))
    assert "приказом исполняющего обязанности директора" in policy


def test_male_administrator_wording(kirov: Path) -> None:
    data = school_data(kirov)
    data["administrator"]["full_name"] = "Мельник Олег Викторович"
    data["teachers"], data["classes"] = [], []  # he alone signs the acquaintance list
    school = school_from(data)
    order = docx_text(documents.render("order", school))
    assert "Назначить Мельника Олега Викторовича, учителя информатики," in order
    assert "возложить на него" in order
    assert "С приказом ознакомлен:" in order
    letter = docx_text(documents.render("letter", school))
    assert "назначен Мельник Олег Викторович" in letter


@pytest.mark.parametrize(
    ("org_type", "present", "absent"),
    [
        (
            "kindergarten",
            ["Воспитанники на платформе не регистрируются", "дошкольного образования"],
            ["Для учеников 1–4 классов"],
        ),
        (
            "college",
            ["среднего профессионального образования", "обучающимися (студентами)"],
            ["Для учеников 1–4 классов"],
        ),
        (
            "additional_education",
            ["дополнительных общеобразовательных программ"],
            ["Для учеников 1–4 классов"],
        ),
    ],
)
def test_policy_wording_follows_the_organisation_type(
    kirov: Path, org_type: str, present: list[str], absent: list[str]
) -> None:
    data = school_data(kirov)
    data["organization"]["type"] = org_type
    text = docx_text(documents.render("policy", school_from(data)))
    for fragment in present:
        assert fragment in text
    for fragment in absent:
        assert fragment not in text


# --- reproducibility -------------------------------------------------------


@pytest.mark.parametrize("kind", list(RENDER))
def test_two_renders_give_the_same_bytes(
    kirov: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    school = load_school(kirov)
    first = RENDER[kind](school)
    second = RENDER[kind](load_school(kirov))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        stamps = {info.date_time for info in archive.infolist()}
        core = archive.read("docProps/core.xml").decode()
    # Without SOURCE_DATE_EPOCH the document's own date is used.
    assert len(stamps) == 1
    assert "2023-08-2" in core


def test_source_date_epoch_is_honoured(kirov: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    school = load_school(kirov)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    data = documents.render("order", school)
    assert documents.render("order", school) == data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        core = archive.read("docProps/core.xml").decode()
    assert "2023-11-14T22:13:20Z" in core
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    assert documents.render("order", school) != data


def test_bad_source_date_epoch_is_a_clear_error(
    kirov: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sferum_cli.errors import UsageError

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        documents.render("order", load_school(kirov))


def test_normalize_makes_any_docx_reproducible() -> None:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    when = reproducible.document_time(None)
    first = reproducible.normalize(buffer.getvalue(), title="t", creator="c", when=when)
    buffer2 = io.BytesIO()
    docx.Document().save(buffer2)
    assert reproducible.normalize(buffer2.getvalue(), title="t", creator="c", when=when) == first


# --- escaping --------------------------------------------------------------


NASTY = "Школа «Ёлочка» & <b>\"Мир\"</b> 'к' {{ org.inn }} {% if x %} {# c #}"


def test_special_characters_appear_verbatim(kirov: Path) -> None:
    data = school_data(kirov)
    data["organization"]["short_name"] = NASTY
    data["organization"]["address"] = "610000, ул. <Примерная> & «Новая», {{ 7*7 }}"
    school = school_from(data)
    for kind, render in RENDER.items():
        text = docx_text(render(school))
        assert NASTY in text, kind
    assert "{{ 7*7 }}" in docx_text(documents.render("letter", school))


# XML 1.0 cannot carry control characters or surrogates; everything else goes.
FIELD_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"),
    min_size=1,
    max_size=30,  # the shortest limit among the fields below (order_number, PRINTED_LIMITS)
).filter(lambda s: s.strip() != "")

# Fields that each document shows as they are (the others appear declined or not at all).
FIELDS = {
    "order": [
        ("organization", "full_name"),
        ("organization", "short_name"),
        ("organization", "municipality"),
        ("director", "position"),
        ("appointment", "order_number"),
    ],
    "letter": [
        ("organization", "full_name"),
        ("organization", "short_name"),
        ("organization", "address"),
        ("administrator", "position"),
        ("appointment", "order_number"),
        ("appointment", "letter_number"),
    ],
    "policy": [
        ("organization", "full_name"),
        ("organization", "short_name"),
        ("appointment", "order_number"),
        ("policy", "council_protocol_number"),
    ],
}
CASES = [(kind, field) for kind, fields in FIELDS.items() for field in fields]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=FIELD_TEXT, case=st.sampled_from(CASES))
# pymorphy3 raised ValueError on a character without a Unicode name.
@example(text="\U00017000", case=("policy", ("organization", "full_name")))
# Document numbers are at most 30 characters since the limits of the printed fields.
@example(text="0" * 30, case=("order", ("appointment", "order_number")))
def test_any_text_in_any_field_gives_a_valid_docx_containing_it(
    text: str, case: tuple[str, tuple[str, str]]
) -> None:
    kind, (section, key) = case
    data = copy.deepcopy(_KIROV_DATA)
    data[section][key] = text
    data["organization"]["locality"] = None
    school = school_from(data)
    value = getattr(getattr(school, section), key)
    body = docx_text(RENDER[kind](school))  # python-docx opens it: a valid DOCX
    if key == "order_number":
        from sferum_cli.grammar import number_sign

        # Printed as «№ 194»; a leading «№»/«N» of the value is not doubled.
        value = number_sign(value)
    # A position may open a line in the signature block: the template's
    # «ucfirst» filter then capitalises its first letter.
    value = flat(value)
    assert value in body or (key == "position" and value[:1].upper() + value[1:] in body)


_KIROV_DATA = school_data(Path(__file__).parent.parent / "examples" / "kirov-school-32.yaml")


def test_control_characters_are_refused_naming_the_field(kirov: Path) -> None:
    data = school_data(kirov)
    data["organization"]["short_name"] = "Школа\x00 1"
    with pytest.raises(UserFileError, match=r"organization\.short_name.*U\+0000"):
        documents.render("letter", school_from(data))


# --- user templates ----------------------------------------------------------


def _template(tmp_path: Path, *paragraphs: str | list[str], name: str = "t.docx") -> Path:
    """A user template; a list is one paragraph written as several runs."""
    document = docx.Document()
    for paragraph in paragraphs:
        p = document.add_paragraph()
        for run in [paragraph] if isinstance(paragraph, str) else paragraph:
            p.add_run(run)
    path = tmp_path / name
    document.save(str(path))
    return path


def test_user_template_renders(kirov: Path, tmp_path: Path) -> None:
    template = _template(
        tmp_path,
        "Приказ {{ order.number_sign }} от {{ order.date_words }}",
        "{%p if admin.female %}",
        "Назначена {{ admin.name.accusative }}",
        "{%p endif %}",
        "{{ org.inn|quoted }}",
    )
    text = docx_text(documents.render("order", load_school(kirov), template=template))
    assert text.splitlines() == [
        "Приказ № 194 от 21 августа 2023 г.",
        "Назначена Мельник Ольгу Викторовну",
        "«4345903219»",
    ]


def test_user_template_with_tags_split_by_word(kirov: Path, tmp_path: Path) -> None:
    # Word often splits a tag across runs; docxtpl's preprocessing joins them.
    template = _template(tmp_path, ["Школа: {{ org.", "short_name }}", " — ", "{", "{ org.inn }}"])
    text = docx_text(documents.render("policy", load_school(kirov), template=template))
    assert text == "Школа: МБОУ СОШ с УИОП № 32 г. Кирова — 4345903219"


def test_unknown_variable_names_template_line_and_variable(kirov: Path, tmp_path: Path) -> None:
    template = _template(tmp_path, "Первый абзац", "Второй {{ org.nmae }}")
    with pytest.raises(TemplateError) as info:
        documents.render("order", load_school(kirov), template=template)
    message = str(info.value)
    assert str(template) in message
    assert "t.docx:2:" in message  # the paragraph number
    assert "«nmae»" in message
    assert "Второй {{ org.nmae }}" in message


def test_syntax_error_names_the_template(kirov: Path, tmp_path: Path) -> None:
    template = _template(tmp_path, "{% if %}")
    with pytest.raises(TemplateError, match=r"t\.docx:1"):
        documents.render("order", load_school(kirov), template=template)


def test_sandbox_blocks_python_internals(kirov: Path, tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ org.__class__.__mro__ }}{{ ''.__class__.__subclasses__() }}")
    with pytest.raises(TemplateError):
        documents.render("order", load_school(kirov), template=template)


def test_template_that_breaks_the_document_is_refused(kirov: Path, tmp_path: Path) -> None:
    # An if/endif in different paragraphs without {%p} would cut the XML.
    template = _template(tmp_path, "{% if admin.female %}начало", "конец{% endif %}", "{% if 0 %}x")
    with pytest.raises(TemplateError):
        documents.render("order", load_school(kirov), template=template)


def test_not_a_docx_is_a_user_file_error(kirov: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.docx"
    bogus.write_text("это не docx", encoding="utf-8")
    with pytest.raises(UserFileError, match=r"bogus\.docx"):
        documents.render("order", load_school(kirov), template=bogus)
    with pytest.raises(UserFileError, match="не найден"):
        documents.render("order", load_school(kirov), template=tmp_path / "missing.docx")


def test_templates_are_compiled_once(kirov: Path) -> None:
    from sferum_cli.documents import base, docx_render, kinds

    first = base.package(kinds.get("order"), None)
    assert base.package(kinds.get("order"), None) is first
    assert docx_render.environment() is docx_render.environment()


# --- golden text --------------------------------------------------------------

GOLDEN = Path(__file__).parent / "golden" / "documents"


@pytest.mark.parametrize("kind", list(RENDER))
def test_full_text_matches_the_reviewed_golden_file(example_school: Path, kind: str) -> None:
    """The whole text of each document; SFERUM_UPDATE_GOLDEN=1 rewrites the files."""
    import os

    text = docx_text(RENDER[kind](load_school(example_school)), exact=True) + "\n"
    golden = GOLDEN / f"{example_school.stem}-{kind}.txt"
    if os.environ.get("SFERUM_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.read_text(encoding="utf-8") == text


def test_organization_name_cases_can_be_overridden(kirov: Path) -> None:
    """«Users must be able to override any generated form»: the Положение
    declines the full name in the prepositional; the school file can say it."""
    data = school_data(kirov)
    data["organization"]["full_name_cases"] = {"prepositional": "Школе Номер Тридцать Два"}
    school = school_from(data)
    text = docx_text(documents.render("policy", school))
    assert "школе Номер Тридцать Два" in text  # the template lower-cases the first letter
    default = docx_text(documents.render("policy", load_school(kirov)))
    assert "муниципальном бюджетном общеобразовательном учреждении" in default
