"""Hostile XLSX files built on the fly (nothing large is committed to the repository).

A minimal workbook is written part by part, so a test can swap one part for
a hostile one; :func:`zip_bytes` writes the archive itself, which lets a
bomb carry a precomputed deflate stream (a gigabyte in a few milliseconds)
and lie about its sizes.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

SHEET = "xl/worksheets/sheet1.xml"
SHARED = "xl/sharedStrings.xml"
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


@dataclass(frozen=True)
class Member:
    name: str
    deflated: bytes
    crc: int
    size: int  # the real uncompressed size
    declared: int | None = None  # what the headers say, if they lie

    @classmethod
    def of(cls, name: str, data: bytes, level: int = 9) -> Member:
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        return cls(name, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))


def repeated(name: str, head: bytes, unit: bytes, megabytes: int, tail: bytes) -> Member:
    """``head + unit * n + tail`` of about ``megabytes`` MiB, deflated in milliseconds.

    One MiB of ``unit`` is deflated after a full flush, which resets the
    history, so that block can simply be repeated.
    """
    chunk = unit * (1024 * 1024 // len(unit))
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    end = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(chunk) * megabytes + len(tail)
    return Member(name, start + block * megabytes + end, crc, size)


def zip_bytes(members: list[Member]) -> bytes:
    """A ZIP archive of deflated members (headers say ``declared`` sizes where set)."""
    body = bytearray()
    directory = bytearray()
    for member in members:
        name = member.name.encode()
        size = member.size if member.declared is None else member.declared
        fields = (20, 0x800, 8, 0, 0x21, member.crc, len(member.deflated), size, len(name))
        offset = len(body)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name + member.deflated
        directory += (
            struct.pack("<IH", 0x02014B50, 20)
            + struct.pack("<HHHHHIIIHHHHHII", *fields, 0, 0, 0, 0, 0, offset)
            + name
        )
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(body), 0
    )
    return bytes(body + directory + end)


def _skeleton() -> list[Member]:
    parts = {
        "[Content_Types].xml": (
            f'{_XML}<Types xmlns="{_PKG}/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            f'<Override PartName="/{SHEET}" ContentType="{_CT}.worksheet+xml"/>'
            f'<Override PartName="/{SHARED}" ContentType="{_CT}.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'{_XML}<Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'{_XML}<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
            '<sheet name="Учителя" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML}<Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
    }
    return [Member.of(name, text.encode()) for name, text in parts.items()]


def sheet_xml(rows: list[list[int]], prolog: str = "") -> bytes:
    """A sheet whose cells are shared-string indexes."""
    cells = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{"ABCDEF"[c]}{r}" t="s"><v>{i}</v></c>' for c, i in enumerate(row))
        + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    body = f'<worksheet xmlns="{_NS}"><sheetData>{cells}</sheetData></worksheet>'
    return f"{_XML}{prolog}{body}".encode()


def shared_xml(strings: list[str], prolog: str = "") -> bytes:
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    return f'{_XML}{prolog}<sst xmlns="{_NS}">{items}</sst>'.encode()


STRINGS = ["ФИО", "Статус", "Учителева Мария Ивановна", "подтверждён"]
ROWS = [[0, 1], [2, 3]]


def workbook(*, sheet: bytes | None = None, shared: bytes | None = None, level: int = 9) -> bytes:
    """The one-teacher roster, with the sheet or shared strings replaced if given."""
    return zip_bytes(
        [
            *_skeleton(),
            Member.of(SHEET, sheet if sheet is not None else sheet_xml(ROWS), level),
            Member.of(SHARED, shared if shared is not None else shared_xml(STRINGS)),
        ]
    )


_LAUGHS = (
    '<!DOCTYPE sst [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)


def billion_laughs() -> bytes:
    """Shared strings with an entity that expands to 10⁹ «lol»."""
    return workbook(shared=shared_xml(["ФИО", "&lol9;"], _LAUGHS))


def xxe() -> bytes:
    """A shared string naming an external entity (a local file of the machine)."""
    prolog = '<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return workbook(shared=shared_xml(["ФИО", "&xxe;"], prolog))


def dtd_in_sheet() -> bytes:
    """An internal DTD without entities in the sheet."""
    return workbook(sheet=sheet_xml(ROWS, "<!DOCTYPE worksheet []>"))


def truncated_sheet() -> bytes:
    sheet = sheet_xml(ROWS)
    return workbook(sheet=sheet[: len(sheet) * 2 // 3])


def missing_shared_string() -> bytes:
    """A cell pointing at shared string 99 of 4."""
    return workbook(sheet=sheet_xml([[0, 1], [2, 99]]))


def shared_strings_bomb(megabytes: int = 1200, *, declared: int | None = None) -> bytes:
    """Shared strings of ``megabytes`` MiB of tiny items (the archive is a few MiB)."""
    head = f'{_XML}<sst xmlns="{_NS}">'.encode()
    bomb = repeated(SHARED, head, b"<si><t>a</t></si>", megabytes, b"</sst>")
    if declared is not None:
        bomb = Member(bomb.name, bomb.deflated, bomb.crc, bomb.size, declared)
    return zip_bytes([*_skeleton(), Member.of(SHEET, sheet_xml(ROWS)), bomb])


def junk_stuffed_sheet(megabytes: int = 15) -> bytes:
    """A sheet with ``megabytes`` MiB of incompressible elements nobody reads, then the rows."""
    # 4 random bytes → 8 hex digits → one 17-byte element
    noise = random.Random(7).randbytes(megabytes * 1024 * 1024 * 4 // 17).hex().encode()
    junk = re.sub(rb"(.{8})", rb'<i a="\1"/>', noise)
    sheet = sheet_xml(ROWS).replace(b"<sheetData>", b"<cols>" + junk + b"</cols><sheetData>")
    return workbook(sheet=sheet, level=1)


def parts(package: bytes) -> dict[str, bytes]:
    """Every member of a ZIP package, by name."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def with_parts(package: bytes, replaced: dict[str, bytes]) -> bytes:
    """``package`` with some members' contents replaced (order and names kept)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts(package).items():
            target.writestr(name, replaced.get(name, data))
    return buffer.getvalue()


def docx_blank() -> bytes:
    """A school's letterhead: a header, a footer and a line of body text (python-docx)."""
    import docx

    blank = docx.Document()
    section = blank.sections[0]
    section.header.paragraphs[0].text = "ШАПКА ШКОЛЫ № 32"
    section.footer.paragraphs[0].text = "Подвал: г. Киров, school32.example.ru"
    blank.add_paragraph("Бланк: угловой штамп")
    buffer = io.BytesIO()
    blank.save(buffer)
    return buffer.getvalue()
