"""Personal data never reaches a log unless asked: the one masking boundary.

Under CI (``CI=true``) or with ``--no-pii``, everything the program prints —
messages, reports, summaries, the documents shown on screen — goes through
:class:`MaskedStream`, which hides phone numbers, e-mail addresses and
people's names, wherever they appear (a value, a mistyped key, a class name,
a JSON field).  Files the program writes are not masked: they are the
documents themselves.

What is masked:

- phones: any run of digits and separators that reads as a Russian number
  (11 digits from 7 or 8; 10 digits from 9, or 10 written with separators)
  or an international one (``+`` and 10–15 digits), also percent-encoded as
  in a ``mailto:`` link; within a longer run, the space-separated groups that
  read as one («строка 12 89123456789»); a date is never part of a phone
  («812   25.08.2023» is a count and a date);
- e-mail addresses, also with ``%40`` for ``@``;
- names: «Фамилия Имя Отчество» (in any case form, and «Имя Отчество
  Фамилия»), initials with a surname, and every name the loaded school file
  or roster gave (:func:`remember_names`), whatever its shape.

The tool's own texts stay readable: the platform's addresses and the
examples in messages (:data:`PUBLIC_TEXTS`) are never masked.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable
from typing import Any, TextIO

from sferum_cli.mail import RECIPIENT

# Examples in the tool's messages (contacts.py): they stay readable under CI.
EXAMPLE_PHONE = "+7 912 345-67-89"
EXAMPLE_EMAIL = "school@mail.ru"

# The tool's own addresses and examples: shown as they are, even under CI.
PUBLIC_TEXTS: frozenset[str] = frozenset(
    {
        RECIPIENT,
        EXAMPLE_EMAIL,
        EXAMPLE_PHONE,
        "name@example.ru",
    }
)

_CI_VALUES = {"1", "true", "yes", "on"}
_override: bool | None = None
_names: set[str] = set()

_SEP = r"(?:[ \t\u00a0().\-]|%20|%28|%29|%2[dD])"
# Not inside a word; right after a %XX escape (a mailto: link) is a start too.
_START = r"(?:(?<=%[0-9A-Fa-f]{2})|(?<![\w%]))"
_PHONE = re.compile(rf"{_START}(?:\+|%2[bB])?\d(?:{_SEP}*\d){{8,}}(?!\w)")
# A date (25.08.2023, 25.08.23, 2023-08-25) is never part of a phone number:
# phones are looked for between dates, so «812   25.08.2023» (a count, then a
# date) is no phone, and «89123456789 25.08.2023» is one followed by a date.
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_DD = r"(?:0[1-9]|[12]\d|3[01])"
_MM = r"(?:0[1-9]|1[0-2])"
_DATES = re.compile(
    rf"(?<!\d)({_DAY}\.{_MONTH}\.(?:1[89]|20)\d\d|{_DD}\.{_MM}\.\d\d"
    rf"|(?:1[89]|20)\d\d-{_MM}-{_DD})(?!\d)"
)
_LOCAL = r"[\w.!#$&'*+/=?^`{|}~-]"
_EMAIL = re.compile(
    r"(?:(?<=%[0-9A-Fa-f]{2})|(?<![\w.!#$&'*+/=?^`{|}~%-]))"
    rf"{_LOCAL}+(?:@|%40)[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{{2,}}"
)
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}|.", re.S)
_UPPER = "А-ЯЁ"
_LOWER = "а-яё"
_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
_PATRONYMIC = rf"[{_UPPER}][{_LOWER}]+(?:вич|вн|ичн|ич|инишн)[{_LOWER}]{{0,3}}"
_NAME = re.compile(
    rf"(?<![{_UPPER}{_LOWER}])(?:"
    rf"{_WORD}\s+{_WORD}\s+{_PATRONYMIC}(?:\s+(?:оглы|кызы|угли|улы))?"  # Фамилия Имя Отчество
    rf"|{_WORD}\s+{_PATRONYMIC}(?:\s+(?:оглы|кызы))?(?:\s+{_WORD})?"  # Имя Отчество [Фамилия]
    rf"|[{_UPPER}]\.\s?[{_UPPER}]\.\s?{_WORD}"  # И. О. Фамилия
    rf"|{_WORD}\s[{_UPPER}]\.\s?[{_UPPER}]\."  # Фамилия И. О.
    rf")(?![{_UPPER}{_LOWER}])"
)


def set_masking(value: bool | None) -> None:
    """``--no-pii`` (True), ``--show-pii`` (False) or back to the default (None)."""
    global _override
    _override = value


def reset() -> None:
    """A fresh start for one run of the program (tests run many in one process)."""
    set_masking(None)
    _names.clear()


def shown_on_request() -> bool:
    """Did the user ask to see personal data (``--show-pii``)? Reports that can
    leave personal data out leave it out unless asked, under CI or not."""
    return _override is False


def masking() -> bool:
    """Mask personal data in output? The flag if given, otherwise whether under CI."""
    if _override is not None:
        return _override
    return os.environ.get("CI", "").strip().lower() in _CI_VALUES


def remember_names(names: Iterable[object]) -> None:
    """Names from the loaded school file or roster: masked wherever they appear."""
    for name in names:
        if isinstance(name, str):
            text = " ".join(name.split())
            if len(text) >= 3:
                _names.add(text)


NAME_KEYS = frozenset({"full_name", "teacher", "cases"})
NOT_PEOPLE = frozenset({"organization"})


def remember_names_in(data: object) -> None:
    """Every person's name in a parsed school file (``full_name``, ``teacher``,
    the case forms under ``cases``), wherever it sits — except the
    organization's own name."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in NOT_PEOPLE:
                continue
            if key in NAME_KEYS:
                remember_names(value.values() if isinstance(value, dict) else [value])
            remember_names_in(value)
    elif isinstance(data, list):
        for item in data:
            remember_names_in(item)


def _digits(text: str) -> str:
    return re.sub(r"%[0-9A-Fa-f]{2}|\D", "", text)


def _is_phone(text: str) -> bool:
    digits = _digits(text)
    international = text.startswith(("+", "%2B", "%2b"))
    separated = not text.lstrip("+").isdigit()
    if len(digits) == 11 and digits[0] in "78":
        return True
    if len(digits) == 10:
        return digits[0] == "9" or separated or international
    return international and 10 <= len(digits) <= 15


def mask_phone(text: str) -> str:
    """«+7 912 345-67-89» → «+7 9** ***-**-89»: the first two and last two digits
    stay; separators (also %XX escapes of a link) are kept as they are."""
    tokens = _ESCAPE.findall(text)
    digits = [i for i, token in enumerate(tokens) if token.isdigit()]
    keep = set(digits[:2] + digits[-2:])
    return "".join(
        "*" if i in digits and i not in keep else token for i, token in enumerate(tokens)
    )


def mask_email(text: str) -> str:
    """«o.melnik@example.ru» → «o***@example.ru»."""
    at = "@" if "@" in text else "%40"
    local, _, domain = text.partition(at)
    if not domain:
        return "***"
    return f"{local[:1]}***{at}{domain}"


def mask_name(text: str) -> str:
    """«Мельник Ольга Викторовна» → «М*** О*** В***»."""
    words = re.split(r"[\s.]+", text)
    return " ".join(f"{word[0]}***" for word in words if word)


_GROUP = re.compile(r"(?:(?![ \t\u00a0]|%20).)+")


def _phone(match: re.Match[str]) -> str:
    return _mask_phones_in(match.group())


def _mask_phones_in(run: str) -> str:
    """Mask the phone that is ``run``, or else the phones in it made of whole
    space-separated groups, chosen to hide the most digits: a number next to a
    phone, as in «строка 12 89123456789», doesn't hide the phone."""
    if run in PUBLIC_TEXTS:
        return run
    if _is_phone(run):
        return mask_phone(run)
    groups = [match.span() for match in _GROUP.finditer(run)]
    counts = [len(_digits(run[start:end])) for start, end in groups]
    # covered[i]: most digits phones can take in groups i..; phone_end[i]: the
    # last group of the phone that starts at group i in that choice, if any.
    covered = [0] * (len(groups) + 1)
    phone_end: list[int | None] = [None] * len(groups)
    for i in reversed(range(len(groups))):
        covered[i] = covered[i + 1]
        digits = 0
        for j in range(i, len(groups)):
            digits += counts[j]
            if digits > 15:  # no phone is longer
                break
            part = run[groups[i][0] : groups[j][1]]
            if digits + covered[j + 1] > covered[i] and (part in PUBLIC_TEXTS or _is_phone(part)):
                covered[i], phone_end[i] = digits + covered[j + 1], j
    out: list[str] = []
    done = 0  # run[:done] is in out
    i = 0
    while i < len(groups):
        end = phone_end[i]
        if end is None:
            i += 1
            continue
        start, stop = groups[i][0], groups[end][1]
        part = run[start:stop]
        out += [run[done:start], part if part in PUBLIC_TEXTS else mask_phone(part)]
        done, i = stop, end + 1
    return "".join(out) + run[done:]


def _email(match: re.Match[str]) -> str:
    text = match.group()
    if text.replace("%40", "@") in PUBLIC_TEXTS:
        return text
    return mask_email(text)


def redact(text: str) -> str:
    """Mask e-mail addresses, phone numbers and people's names in ``text``."""
    text = _EMAIL.sub(_email, text)
    text = "".join(
        part if i % 2 else _PHONE.sub(_phone, part) for i, part in enumerate(_DATES.split(text))
    )
    for name in sorted(_names, key=len, reverse=True):
        if name in text:
            text = text.replace(name, mask_name(name))
    return _NAME.sub(lambda match: mask_name(match.group()), text)


class _MaskedBytes(io.RawIOBase):
    """``sys.stdout.buffer`` under masking: UTF-8 text in it is masked too."""

    def __init__(self, text: MaskedStream) -> None:
        super().__init__()
        self._text = text

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._text.write(bytes(data).decode("utf-8", "surrogateescape"))
        return len(data)

    def flush(self) -> None:
        self._text.flush()


class MaskedStream(io.TextIOBase):
    """A text stream that masks personal data (when :func:`masking` is on)
    before passing whole lines on; the rest waits for a newline or flush."""

    def __init__(self, inner: TextIO) -> None:
        super().__init__()
        self.inner = inner
        self._pending = ""
        self.buffer = _MaskedBytes(self)

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.inner, "errors", None)

    def isatty(self) -> bool:
        return self.inner.isatty()

    def fileno(self) -> int:
        return self.inner.fileno()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not masking():
            self._emit_pending()
            self.inner.write(text)
            return len(text)
        self._pending += text
        head, newline, tail = self._pending.rpartition("\n")
        if newline:
            self.inner.write(_decode(redact(head + newline)))
            self._pending = tail
        return len(text)

    def _emit_pending(self) -> None:
        if self._pending:
            pending, self._pending = self._pending, ""
            self.inner.write(_decode(redact(pending)))

    def flush(self) -> None:
        self._emit_pending()
        self.inner.flush()

    def detach_inner(self) -> TextIO:
        self.flush()
        return self.inner


def _decode(text: str) -> str:
    """Undo ``surrogateescape`` from binary writes, so the inner stream can encode it."""
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text
