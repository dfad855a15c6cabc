"""The checklist formats: one registry for the renderers and ``checklist --format``.

Kept apart from :mod:`sferum_cli.onboarding.render` so that the CLI can offer
the choices without importing the renderers (``--help`` stays fast).
"""

from __future__ import annotations

from enum import StrEnum


class ChecklistFormat(StrEnum):
    """rich prints a tree to a terminal; the others are strings (text, markdown, JSON)."""

    rich = "rich"
    text = "text"
    markdown = "markdown"
    json = "json"
