"""DOCX templates: Jinja tags inside a Word document, rendered in a sandbox.

A template is an ordinary ``.docx`` that a person edits in Word or
LibreOffice; the tags (``{{ org.short_name }}``, ``{%p if … %}``) follow the
docxtpl conventions.  Rendering works on the XML parts of the package
directly:

* the package is read and its Jinja parts (the main document, headers,
  footers, foot- and endnotes) are compiled **once per process** (cached by
  path, size and modification time), so rendering many schools only costs
  the Jinja run and the zip writing;
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
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from sferum_cli.errors import TemplateError, UserFileError, os_reason

if TYPE_CHECKING:
    from jinja2 import Template

    from sferum_cli.documents.zipwriter import Member
    from sferum_cli.sandbox import LimitedSandbox

MAX_PACKAGE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 5_000
MAX_PART_OUTPUT_CHARS = 20_000_000

_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"
_RENDERED_RELATIONS = ("/header", "/footer", "/footnotes", "/endnotes")

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


# --- reading a package -----------------------------------------------------


def _read_members(path: Path, display: str) -> tuple[tuple[str, bytes], ...]:
    """Every member of the package, unpacked under caps: a zip bomb is refused
    by its declared sizes and compression ratio before anything is unpacked,
    and by the bytes actually produced while unpacking."""
    import io

    from sferum_cli.files import read_user_file

    data = read_user_file(
        path,
        limit=MAX_PACKAGE_BYTES,
        display=display,
        too_large=f"файл больше {MAX_PACKAGE_BYTES // (1024 * 1024)} МиБ — слишком большой "
        "для шаблона или бланка DOCX",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            _check_declared(infos, display)
            return tuple((info.filename, _unpack(archive, info, display)) for info in infos)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, OSError):
        raise UserFileError(
            path=display, reason="это не файл DOCX (сохраните документ в формате Word .docx)"
        ) from None
    except (NotImplementedError, RuntimeError):  # a compression method Word never uses, a password
        raise UserFileError(
            path=display,
            reason="архив DOCX зашифрован или сжат неизвестным способом: пересохраните его в Word",
        ) from None


def _bomb(display: str) -> UserFileError:
    return UserFileError(
        path=display,
        reason="архив DOCX распаковывается в слишком большой объём (похоже на «zip-бомбу»); "
        "пересохраните документ в Word",
        code="docx.too_large",
    )


def _check_declared(infos: Sequence[zipfile.ZipInfo], display: str) -> None:
    if len(infos) > MAX_MEMBERS:
        raise UserFileError(path=display, reason="в архиве DOCX слишком много частей")
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise _bomb(display)
    from sferum_cli.ooxml import compressed_too_far  # one rule for DOCX and XLSX

    if any(compressed_too_far(info.file_size, info.compress_size) for info in infos):
        raise _bomb(display)


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, display: str) -> bytes:
    """One member, read in chunks and never past its declared size."""
    chunks: list[bytes] = []
    total = 0
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 20):
            total += len(chunk)
            if total > info.file_size or total > MAX_UNPACKED_BYTES:
                raise _bomb(display)
            chunks.append(chunk)
    return b"".join(chunks)


def _xml_parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _check_parts(members: Sequence[tuple[str, bytes]], display: str) -> None:
    """Every XML part must parse and carry no DTD: Word writes none, and an
    entity a DTD declares would be left dangling in the document we write."""
    from lxml import etree

    parser = _xml_parser()
    for name, data in members:
        if not name.lower().endswith((".xml", ".rels")):
            continue
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError:
            raise UserFileError(
                path=display,
                reason=f"часть {name} повреждена (это не XML): пересохраните документ в Word",
                code="docx.broken_part",
            ) from None
        if root.getroottree().docinfo.doctype:
            raise UserFileError(
                path=display,
                reason=f"часть {name} содержит объявление DTD (<!DOCTYPE …>), которого Word не "
                "создаёт; такой файл не принимается — пересохраните документ в Word",
                code="docx.dtd",
            )


def _relations(data: bytes) -> list[tuple[str, str]]:
    """(type, target) of every relationship in a ``.rels`` part."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(data)
    return [
        (rel.get("Type", ""), rel.get("Target", ""))
        for rel in root.iter(f"{_REL_NS}Relationship")
        if rel.get("TargetMode") != "External"
    ]


def _resolve(base_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = list(PurePosixPath(base_part).parent.parts)
    for piece in PurePosixPath(target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _rels_name(part: str) -> str:
    path = PurePosixPath(part)
    return str(path.parent / "_rels" / f"{path.name}.rels").lstrip("./")


def package_parts(members: Sequence[tuple[str, bytes]], display: str) -> tuple[str, list[str]]:
    """The main document part and the parts that may hold template tags."""
    index = dict(members)
    try:
        root_rels = _relations(index["_rels/.rels"])
        main = next(
            _resolve("", target) for kind, target in root_rels if kind.endswith(_OFFICE_DOCUMENT)
        )
        if main not in index:
            raise KeyError(main)
        related = _relations(index.get(_rels_name(main), b"<Relationships/>"))
    except (KeyError, StopIteration, SyntaxError):
        raise UserFileError(
            path=display, reason="в файле нет основного документа Word (это точно .docx?)"
        ) from None
    parts = [main]
    for kind, target in related:
        if kind.endswith(_RENDERED_RELATIONS):
            name = _resolve(main, target)
            if name in index and name not in parts:
                parts.append(name)
    return main, parts


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

    members = _read_members(path, display)
    _check_parts(members, display)
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
        broken = bool(etree.fromstring(xml, _xml_parser()).getroottree().docinfo.doctype)
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
