"""Cross-checks of `validate` and the rule behind them: what validate accepts renders.

The located warnings themselves are discovered from tests/schools/warnings
(see test_school_files.py); this module checks the promise of issue 10: a
job title that passes `validate` is declined and rendered by every
document and text, and the command-line reproducer exits 0.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sferum_cli import documents, grammar
from sferum_cli.mail import compose, questionnaire
from sferum_cli.validation import validate_document
from sferum_cli.yamlio import parse
from sferum_cli.yamlwrite import quote

EXAMPLE = Path(__file__).parent.parent / "examples" / "kirov-school-32.yaml"
ADMIN_POSITION = "  position: учитель информатики\n"
DIRECTOR_POSITION = "  position: Директор\n"


def _school_text(admin_position: str, director_position: str = "Директор") -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count(ADMIN_POSITION) == 1 and text.count(DIRECTOR_POSITION) == 1
    text = text.replace(ADMIN_POSITION, f"  position: {quote(admin_position)}\n")
    return text.replace(DIRECTOR_POSITION, f"  position: {quote(director_position)}\n")


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


_VOCABULARY = [
    "социальная", "старшая", "главная", "классная", "ведущий", "педагог", "методист",
    "учитель", "вожатая", "секретарь", "вахтер", "заведующая", "заместитель", "директора",
    "по", "коллега", "педагог-психолог", "учебно-воспитательной", "работе", "«Сферум»",
]  # fmt: skip
_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ-"
_titles = st.lists(
    st.one_of(st.sampled_from(_VOCABULARY), st.text(alphabet=_CYRILLIC, min_size=1, max_size=12)),
    min_size=1,
    max_size=5,
).map(" ".join)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@example(admin="социальная педагог", director="Директор")
@example(admin="старшая методист", director="исполняющая обязанности директора")
@example(admin="младшая коллега", director="-")
@given(admin=_titles, director=_titles)
def test_a_title_validate_accepts_is_rendered_everywhere(admin: str, director: str) -> None:
    result = validate_document(parse(_school_text(admin, director), "school.yaml"))
    if not result.valid:
        return
    school = result.school
    assert school is not None
    accusative = grammar.decline_position(school.administrator.position, "accusative")
    order = _docx_text(documents.render("order", school))
    assert f", {accusative}, администратором" in re.sub(r"\s+", " ", order)
    documents.render("letter", school)
    documents.render("policy", school)
    compose.body_text(school)
    questionnaire.render_text(school)


def test_order_renders_a_feminine_adjective_title(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 10's reproducer: «'ms-f' is not a valid grammeme», exit 1 from `order`."""
    school = tmp_path / "school.yaml"
    school.write_text(_school_text("социальная педагог"), encoding="utf-8")
    validated = invoke("validate", str(school))
    assert validated.exit_code == 0, validated.stdout
    assert "position.agreement_by_sense" not in validated.stdout  # codes are not shown
    assert "социальный педагог" in validated.stdout
    result = invoke("order", str(school), "-o", str(tmp_path / "order.docx"))
    assert result.exit_code == 0, result.stderr
    text = re.sub(r"\s+", " ", _docx_text((tmp_path / "order.docx").read_bytes()))
    assert ", социального педагога, администратором" in text


def test_validate_loads_no_dictionary_for_usual_titles() -> None:
    """The title check costs nothing for the examples (validate's start-up budget)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from sferum_cli.validation import check\n"
        f"assert check(Path({str(EXAMPLE)!r})).valid\n"
        "print('pymorphy3' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
