"""Text templates (e-mail body, checklists): Jinja2 in a sandbox.

``StrictUndefined`` turns a misspelt variable into an error; every error is
re-raised as :class:`~sferum_cli.errors.TemplateError` with the template's
name and line.  Templates receive plain data (dicts, lists, strings), never
objects with methods.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sferum_cli.errors import TemplateError
from sferum_cli.resources import templates_root

if TYPE_CHECKING:
    from sferum_cli.sandbox import LimitedSandbox

MAX_OUTPUT_CHARS = 2_000_000


def _filters() -> dict[str, Any]:
    from sferum_cli import grammar

    return {
        "date_words": grammar.date_words,
        "date_digits": grammar.date_digits,
        "number_sign": grammar.number_sign,
        "quoted": grammar.quoted,
    }


def make_environment(search_path: Path) -> LimitedSandbox:
    from jinja2 import FileSystemLoader, StrictUndefined

    from sferum_cli.sandbox import LimitedSandbox

    env = LimitedSandbox(
        loader=FileSystemLoader(str(search_path)),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(_filters())
    return env


@cache
def environment() -> LimitedSandbox:
    """The environment for bundled templates, built once per process."""
    return make_environment(templates_root())


def _line_of(exc: BaseException, name: str) -> int | None:
    lineno = getattr(exc, "lineno", None)
    if lineno:
        return int(lineno)
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(name):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_file(name: str, context: dict[str, Any], *, search_path: Path | None = None) -> str:
    """Render template ``name`` (relative to ``search_path`` or the bundled templates)."""
    from jinja2 import TemplateError as JinjaTemplateError
    from jinja2 import TemplateNotFound, UndefinedError
    from jinja2.exceptions import SecurityError

    from sferum_cli import sandbox

    env = environment() if search_path is None else make_environment(search_path)
    try:
        template = env.get_template(name)
        text = sandbox.render(template, context, max_chars=MAX_OUTPUT_CHARS)
    except TemplateNotFound:
        raise TemplateError(template=name, line=None, reason="шаблон не найден") from None
    except UndefinedError as exc:
        raise TemplateError(
            template=name,
            line=_line_of(exc, name),
            reason=f"неизвестная переменная ({exc.message})",
        ) from None
    except sandbox.RenderLimitError as exc:
        raise TemplateError(template=name, line=_line_of(exc, name), reason=str(exc)) from None
    except SecurityError as exc:
        raise TemplateError(
            template=name, line=_line_of(exc, name), reason=f"запрещённая операция ({exc})"
        ) from None
    except JinjaTemplateError as exc:
        raise TemplateError(
            template=name, line=_line_of(exc, name), reason=exc.message or type(exc).__name__
        ) from None
    return text
