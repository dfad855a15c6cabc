"""Files attached to the registration e-mail, checked before anything is built.

The signed scan of the letter is the one attachment Сферум needs.  It must be
a PDF, JPEG or PNG *by its contents* (the first bytes), not by its name: the
unsigned ``.docx`` the program itself generates must never travel as «the
signed scan».  Office documents (Word, OpenDocument) are refused as any
attachment, because attaching the editable letter instead of the scan is the
mistake this check exists for.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sferum_cli.errors import UserFileError
from sferum_cli.user_files import SizeLimit, read_user_file

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 20 * 1024 * 1024

Role = Literal["signed_scan", "other"]

SCAN_KINDS: dict[str, tuple[str, str]] = {
    "pdf": ("application", "pdf"),
    "jpeg": ("image", "jpeg"),
    "png": ("image", "png"),
}

OFFICE_HINT = (
    "это документ Word/OpenDocument, а не скан. Распечатайте письмо, подпишите его "
    "у руководителя, поставьте печать, отсканируйте и приложите PDF, JPEG или PNG"
)


@dataclass(frozen=True)
class Attachment:
    """One checked file, read into memory (at most 10 MB)."""

    path: Path
    filename: str
    data: bytes
    maintype: str
    subtype: str
    role: Role

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def sniff(head: bytes) -> str | None:
    """The kind of a file from its first bytes: pdf, jpeg, png, office or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # old .doc (OLE2)
        return "office"
    if head.startswith(b"PK\x03\x04") and (
        b"word/" in head or b"[Content_Types].xml" in head or b"opendocument" in head
    ):
        return "office"
    return None


def _read(path: Path) -> bytes:
    limit = SizeLimit(
        MAX_FILE_BYTES,
        f"файл слишком большой; допускается не больше {_mb(MAX_FILE_BYTES)}: "
        "сохраните скан с меньшим разрешением или в PDF",
    )
    data = read_user_file(path, limit)
    if not data:
        raise UserFileError(path=path, reason="файл пустой (0 байт)")
    return data


# Characters a Windows file name can't hold: the recipient saves the attachment
# under this name.  «<…>» also reads back without its brackets in mail parsers
# (RFC 822 address quoting: email.utils.unquote), so «<>» arrived as ''.
_NOT_IN_FILE_NAMES = frozenset('<>:"/\\|?*')


def safe_filename(name: str) -> str:
    """The name as it travels in the message and lands on the recipient's disk.

    A header parameter can't carry line breaks or other control characters,
    Windows refuses ``<>:"/\\|?*`` in file names, and mail programs drop
    leading and trailing spaces; each such character becomes «_», and an
    empty result becomes «вложение».
    """
    cleaned = "".join(
        "_" if ch in _NOT_IN_FILE_NAMES or unicodedata.category(ch) in {"Cc", "Zl", "Zp"} else ch
        for ch in name
    )
    return cleaned.strip() or "вложение"


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} МБ".replace(".", ",")


def _guess_type(path: Path) -> tuple[str, str]:
    guessed, _ = mimetypes.guess_type(path.name)
    if guessed and "/" in guessed:
        maintype, subtype = guessed.split("/", 1)
        return maintype, subtype
    return "application", "octet-stream"


def load(path: Path, *, role: Role) -> Attachment:
    """Read and check one file. A ``signed_scan`` must be PDF, JPEG or PNG."""
    return _checked(path, _read(path), role)


def _checked(path: Path, data: bytes, role: Role) -> Attachment:
    kind = sniff(data[:4096])
    if kind == "office":
        raise UserFileError(path=path, reason=OFFICE_HINT)
    if role == "signed_scan" and kind not in SCAN_KINDS:
        raise UserFileError(
            path=path,
            reason="скан подписанного письма должен быть PDF, JPEG или PNG, а содержимое "
            "этого файла ни на один из них не похоже",
        )
    maintype, subtype = SCAN_KINDS[kind] if kind in SCAN_KINDS else _guess_type(path)
    return Attachment(
        path=path,
        filename=safe_filename(path.name),
        data=data,
        maintype=maintype,
        subtype=subtype,
        role=role,
    )


def collect(
    *,
    signed_scan: Path | None,
    extra: Sequence[Path] = (),
    from_command_line: Sequence[Path] = (),
) -> list[Attachment]:
    """Check every attachment; the signed scan comes first.

    ``signed_scan`` is the school file's ``email.signed_scan``; ``extra`` its
    ``email.attachments``; ``from_command_line`` the ``--attach`` files.
    Without ``signed_scan``, the first ``--attach`` file whose contents are a
    PDF, JPEG or PNG is taken as the scan.  The same file named twice is
    attached once.  Raises :class:`UserFileError` naming the file at fault.
    """
    result: list[Attachment] = []
    seen: set[str] = set()
    scan_found = False

    def add(path: Path, role: Role | None) -> None:
        """``role`` None: the scan if it is the first PDF/JPEG/PNG and none was named."""
        nonlocal scan_found
        key = _identity(path)
        if key in seen:
            return
        seen.add(key)
        data = _read(path)
        if role is None:
            role = "signed_scan" if not scan_found and sniff(data[:16]) in SCAN_KINDS else "other"
        scan_found = scan_found or role == "signed_scan"
        result.append(_checked(path, data, role))

    if signed_scan is not None:
        add(signed_scan, "signed_scan")
    for path in from_command_line:
        add(path, None)
    for path in extra:
        add(path, "other")

    total = sum(a.size for a in result)
    if total > MAX_TOTAL_BYTES:
        names = ", ".join(a.filename for a in result)
        raise UserFileError(
            path=names,
            reason=f"вложения вместе занимают {_mb(total)}; допускается не больше "
            f"{_mb(MAX_TOTAL_BYTES)} на письмо",
        )
    # The scan first: it is what the body's list of attachments starts with.
    result.sort(key=lambda a: a.role != "signed_scan")
    return result


def _identity(path: Path) -> str:
    try:
        return os.path.realpath(path)
    except OSError:
        return str(path)


def signed_scan(attachments: Iterable[Attachment]) -> Attachment | None:
    return next((a for a in attachments if a.role == "signed_scan"), None)
