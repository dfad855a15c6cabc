"""DOCX templates: Jinja tags inside a Word document, rendered in a sandbox.

A template is an ordinary ``.docx`` that a person edits in Word or
LibreOffice; the tags (``{{ org.short_name }}``, ``{%p if … %}``) follow the
docxtpl conventions.  Rendering works on the XML parts of the package
directly:

* the package is read as hostile input (:mod:`~sferum_cli.documents.docx_package`)
  and its Jinja parts (the main document, headers, footers, foot- and
  endnotes) are compiled **once per process** (cached by path, size and
  modification time), and its unchanged members are compressed once too
  (:mod:`~sferum_cli.documents.zipwriter`: whatever the document's date), so
  rendering many schools only costs the Jinja run and compressing the
  rendered parts;
* the environment is :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment`
  with ``StrictUndefined`` and ``autoescape=True``: a value with ``&``, ``<``
  or quotes is escaped for XML, and a value with ``{{ }}`` is never run as a
  template;
* tags typed in one piece (what the bundled templates and most edits contain)
  are prepared by a small preprocessor here; a template whose tags Word has
  split across runs, or that uses docxtpl's row/cell/run tags, goes through
  docxtpl's own ``patch_xml`` (imported only then: python-docx is a slow
  import);
* groups that must not break across lines (phone numbers, «№ 194», dates,
  initials with the surname…) are bound with non-breaking spaces and hyphens
  (:mod:`sferum_cli.documents.typography`);
* the rendered XML must parse, otherwise the error names the template.

Errors become :class:`~sferum_cli.errors.TemplateError` with the template,
the number of the paragraph in the part (counting table cells' paragraphs
too; a Word user has no lines) with its text, and the variable or the reason.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sferum_cli.documents.docx_package import check_parts, package_parts, read_members, xml_parser
from sferum_cli.errors import TemplateError, UserFileError, os_reason

if TYPE_CHECKING:
    from jinja2 import Template

    from sferum_cli.documents.zipwriter import Member
    from sferum_cli.sandbox import LimitedSandbox

MAX_PART_OUTPUT_CHARS = 20_000_000

_OPENER = re.compile(r"\{[{%#]")
_INTACT_TAG = re.compile(r"\{\{[^<]*?\}\}|\{%[^<]*?%\}|\{#[^<]*?#\}")
_SPLIT_DELIMITER = re.compile(r"\{(?:<[^>]*>)+[{%#]|[}%#](?:<[^>]*>)+\}")
_DOCXTPL_ONLY = re.compile(r"\{[{%#]-?\s*(?:tr|tc|r|cellbg|colspan|vm|hm)\s|\{%-|-%\}")
_PARAGRAPH_TAG = re.compile(
    r"<w:p[ >](?:(?!<w:p[ >]).)*?(\{%|\{\{|\{#)p\s(.*?(?:%\}|\}\}|#\})).*?</w:p>", re.S
)
_TEXT_WITH_TAG = re.compile(r"<w:t>(?=[^<]*(?:\{\{|\{%))")
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_XML_TAG = re.compile(r"<[^>]+>")
_SMART_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})


@dataclass(frozen=True)
class Package:
    """A DOCX read into memory: its members in order and its compiled parts."""

    display: str
    members: tuple[tuple[str, bytes], ...]
    main_part: str
    templates: Mapping[str, Template]
    sources: Mapping[str, str]
    # Members compressed so far (name → zip member), filled on first use.
    _compressed: dict[str, Member] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def member(self, name: str) -> bytes:
        for member_name, data in self.members:
            if member_name == name:
                return data
        raise KeyError(name)

    def compressed(self, name: str) -> Member:
        """The member ``name`` compressed for a zip: once per package, not per document."""
        found = self._compressed.get(name)
        if found is None:
            from sferum_cli.documents.zipwriter import deflate

            found = self._compressed[name] = deflate(name, self.member(name))
        return found


# --- the Jinja environment -------------------------------------------------


def _ucfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lcfirst(text: str) -> str:
    # «Директор» → «директор», but «ИКОП» stays «ИКОП».
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


@functools.cache
def environment() -> LimitedSandbox:
    """One sandboxed environment for every DOCX template of the process."""
    from jinja2 import StrictUndefined

    from sferum_cli import grammar
    from sferum_cli.sandbox import LimitedSandbox

    env = LimitedSandbox(undefined=StrictUndefined, autoescape=True)
    filters: dict[str, Callable[..., str]] = {
        "date_words": grammar.date_words,
        "date_digits": grammar.date_digits,
        "number_sign": grammar.number_sign,
        "quoted": grammar.quoted,
        "ucfirst": _ucfirst,
        "lcfirst": _lcfirst,
    }
    env.filters.update(filters)
    return env


# --- preparing the XML for Jinja -------------------------------------------


def _clean_tag(match: re.Match[str]) -> str:
    # Word stores «<» as &lt; and turns straight quotes into typographic ones
    # inside the text of a tag; Jinja needs the plain characters.
    return html.unescape(match.group(0)).translate(_SMART_QUOTES)


def _simple_patch(xml: str) -> str | None:
    """Prepare XML whose tags are each inside one text run, or None."""
    if _SPLIT_DELIMITER.search(xml) or _DOCXTPL_ONLY.search(xml):
        return None
    if len(_OPENER.findall(xml)) != len(_INTACT_TAG.findall(xml)):
        return None
    xml = _INTACT_TAG.sub(_clean_tag, xml)
    xml = _TEXT_WITH_TAG.sub('<w:t xml:space="preserve">', xml)
    return _PARAGRAPH_TAG.sub(r"\1 \2", xml)


def _docxtpl_patch(xml: str, path: Path) -> str:
    from docxtpl import DocxTemplate

    patched: str = DocxTemplate(path).patch_xml(xml)
    return patched


def prepare(xml: str, path: Path) -> str:
    """Template source for one XML part; every paragraph starts a new line."""
    patched = _simple_patch(xml)
    if patched is None:
        patched = _docxtpl_patch(xml, path)
    return _PARAGRAPH_START.sub(r"\n<w:p\1", patched)


def _has_tags(xml: str) -> bool:
    return _OPENER.search(_XML_TAG.sub("", xml)) is not None


# --- errors ----------------------------------------------------------------


def _template_line(exc: BaseException) -> int | None:
    lineno = getattr(exc, "lineno", None)
    if lineno:
        return int(lineno)
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _paragraph_text(source: str, line: int | None) -> tuple[int | None, str]:
    """(paragraph number, its text) for a line of the prepared source."""
    if not line:
        return None, ""
    lines = source.split("\n")
    if not 0 < line <= len(lines):
        return None, ""
    first = next((i for i, text in enumerate(lines) if text.startswith("<w:p")), 0)
    number = line - first if line > first else None
    text = html.unescape(_XML_TAG.sub("", lines[line - 1])).strip()
    if len(text) > 80:
        text = text[:77] + "…"
    return number, (f" (абзац {number}: «{text}»)" if text and number else "")


_VARIABLE = re.compile(r"'([^']+)'(?: is undefined)?$")


def _template_error(
    exc: BaseException, display: str, part: str, main: str, source: str
) -> TemplateError:
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    from sferum_cli.sandbox import RenderLimitError

    paragraph, shown = _paragraph_text(source, _template_line(exc))
    where = "" if part == main else f" [{part}]"
    if isinstance(exc, UndefinedError):
        match = _VARIABLE.search(exc.message or "")
        name = match.group(1) if match else (exc.message or "")
        reason = f"неизвестная переменная «{name}»"
    elif isinstance(exc, RenderLimitError):
        reason = str(exc)
    elif isinstance(exc, SecurityError):
        reason = "запрещённая в шаблоне операция"
    elif isinstance(exc, TemplateSyntaxError):
        reason = f"ошибка в записи тега ({exc.message})"
    else:
        reason = f"{type(exc).__name__}: {getattr(exc, 'message', None) or exc}"
    return TemplateError(template=f"{display}{where}", line=paragraph, reason=reason + shown)


# --- loading and rendering -------------------------------------------------


def _compile(path: Path, display: str) -> Package:
    from jinja2 import TemplateError as JinjaTemplateError

    members = read_members(path, display)
    check_parts(members, display)
    main, parts = package_parts(members, display)
    index = dict(members)
    templates: dict[str, Template] = {}
    sources: dict[str, str] = {}
    env = environment()
    for part in parts:
        try:
            xml = index[part].decode("utf-8")
        except UnicodeDecodeError:
            raise UserFileError(
                path=display, reason=f"часть {part} не в кодировке UTF-8: пересохраните файл"
            ) from None
        if not _has_tags(xml):
            continue
        source = prepare(xml, path)
        try:
            templates[part] = env.from_string(source)
        except JinjaTemplateError as exc:
            raise _template_error(exc, display, part, main, source) from None
        sources[part] = source
    return Package(display, members, main, templates, sources)


@functools.lru_cache(maxsize=64)
def _cached(path: str, display: str, mtime_ns: int, size: int) -> Package:
    return _compile(Path(path), display)


def load(path: Path, display: str | None = None) -> Package:
    """The package at ``path``, compiled once per process while the file is unchanged."""
    shown = display or str(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise UserFileError(path=shown, reason="файл не найден") from None
    except OSError as exc:
        raise UserFileError(path=shown, reason=f"не удалось прочитать ({os_reason(exc)})") from None
    return _cached(str(path.resolve()), shown, stat.st_mtime_ns, stat.st_size)


def _check_xml(xml: bytes, package: Package, part: str) -> None:
    from lxml import etree

    try:
        broken = bool(etree.fromstring(xml, xml_parser()).getroottree().docinfo.doctype)
    except etree.XMLSyntaxError:
        broken = True
    if broken:
        where = "" if part == package.main_part else f" [{part}]"
        raise TemplateError(
            template=f"{package.display}{where}",
            line=None,
            reason="после подстановки получился повреждённый документ: условие или цикл "
            "разрывает абзац или таблицу; охватывайте абзацы целиком тегами {%p … %}",
        )


_TEXT_WITH_CONTROL = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\n\t\a\f]")


def _post_process(xml: str) -> str:
    from sferum_cli.documents import typography

    xml = xml.replace("\n<w:p", "<w:p")
    if _TEXT_WITH_CONTROL.search(xml):
        # Line breaks and tabs produced by the template itself: docxtpl turns
        # them into <w:br/> and <w:tab/>.
        from docxtpl import DocxTemplate

        xml = DocxTemplate.resolve_listing(None, xml)
    # Phone numbers, «№ 194», dates, «г. Киров», initials with the surname
    # and «(далее — …)» must not break across lines.
    return typography.bind_xml(xml)


def render_parts(package: Package, context: Mapping[str, Any]) -> dict[str, bytes]:
    """The rendered XML of every part that has tags (part name → bytes)."""
    from jinja2 import TemplateError as JinjaTemplateError
    from jinja2.exceptions import SecurityError

    from sferum_cli import sandbox

    rendered: dict[str, bytes] = {}
    for part, template in package.templates.items():
        source = package.sources[part]
        try:
            text = sandbox.render(template, context, max_chars=MAX_PART_OUTPUT_CHARS)
        except (JinjaTemplateError, SecurityError) as exc:
            raise _template_error(exc, package.display, part, package.main_part, source) from None
        except Exception as exc:
            # A user template can divide by zero or call a filter with a wrong
            # value: that is a template problem, not a bug of the program.
            raise _template_error(exc, package.display, part, package.main_part, source) from None
        data = _post_process(text).encode("utf-8")
        _check_xml(data, package, part)
        rendered[part] = data
    return rendered


def render_docx(
    package: Package,
    context: Mapping[str, Any],
    *,
    title: str,
    creator: str,
    when: dt.datetime,
    replace: Mapping[str, bytes] | None = None,
) -> bytes:
    """The rendered package as reproducible DOCX bytes.

    The template's unchanged members (styles, theme, settings: most of the
    bytes) are compressed once per template (whatever the document's date)
    and reused; only the rendered parts are compressed for each document.
    The bytes are those of :func:`reproducible.write_zip` over the unchanged
    members followed by the rendered ones.
    """
    from sferum_cli.documents import reproducible, zipwriter

    parts = render_parts(package, context)
    if replace:
        parts.update(replace)
    parts[reproducible.CORE_PART] = reproducible.core_xml(title=title, creator=creator, when=when)
    static = [package.compressed(name) for name, _ in package.members if name not in parts]
    changed = [zipwriter.deflate(name, parts[name]) for name, _ in package.members if name in parts]
    return zipwriter.assemble(static + changed, when=when)
