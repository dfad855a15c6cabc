"""Everything one school gets in a batch build, as ``{relative name: bytes}``."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from sferum_cli.model import School
    from sferum_cli.school_paths import SchoolPaths

EMAIL_TEXT = "pismo-zayavka.txt"
EMAIL_DRAFT = "pismo-zayavka.eml"
QUESTIONNAIRE = "anketa.txt"


def _draft_timestamp(school: School) -> float:
    """A fixed Date for the draft, so the same school gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return float(epoch)
    day = school.appointment.letter_date or school.appointment.order_date
    return dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=dt.UTC).timestamp()


def referenced_files(school: School, paths: SchoolPaths) -> list[Path]:
    """Every file the school file names, resolved and confined (in a fixed order)."""
    from sferum_cli.school_paths import named_files

    return [paths.resolve(key, value) for key, value in named_files(school)]


def school_outputs(school: School, paths: SchoolPaths) -> dict[str, bytes]:
    from sferum_cli import documents
    from sferum_cli.documents.kinds import KINDS
    from sferum_cli.mail import compose, questionnaire
    from sferum_cli.mail.workflow import gather_attachments
    from sferum_cli.onboarding import checklists, handouts, render
    from sferum_cli.onboarding.roles import ROLES

    out: dict[str, bytes] = {}
    letterhead = documents.letterhead_path(school, paths)
    roster = checklists.teachers_roster(school, paths)
    for kind in KINDS:
        blank = letterhead if kind.letterhead else None
        listed = roster if kind.reads_teachers else None
        out[kind.default_output] = documents.render(
            kind.name, school, letterhead=blank, roster=listed
        )

    files = gather_attachments(school, paths)
    body = compose.body_text(school, files)
    out[EMAIL_TEXT] = body.encode("utf-8")
    message = compose.build_message(school, files, body=body, timestamp=_draft_timestamp(school))
    out[EMAIL_DRAFT] = compose.to_eml_bytes(message)
    out[QUESTIONNAIRE] = questionnaire.render_text(school).encode("utf-8")

    for role in ROLES:
        result = checklists.build(school, role.name, roster if role.reads_teachers else None)
        out[f"checklist-{role.name}.md"] = render.markdown(result).encode("utf-8")

    for school_class in school.classes:
        out[f"handouts/{handouts.file_stem(school_class)}.docx"] = handouts.render_class(
            school, school_class
        )
    return out
