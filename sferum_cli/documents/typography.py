"""Groups of words a printed document must not break across lines.

A phone number split as «+7 917 000-12-» / «34.» is the one mistake the
Сферум operator acts on, so the DOCX renderer binds these groups in the text
of every rendered document (the bundled templates, a school's own template
and its letterhead alike):

* phone numbers in international form («+7 917 000-12-34», «+7 (8332) 00-00-32»);
* «№ 194», «№ 181-О», «№ 273-ФЗ»;
* a date in words («21 августа 2023 г.»);
* a locality or street with its abbreviation («г. Киров», «с. Берёзовка», «ул. Школьная»);
* initials with the surname («С.Ю. Старостина», «Старостина С.Ю.»);
* «(далее — …)» with the term it defines.

A group is bound within one run of text: a template that writes the initials
and each part of a double surname as runs of their own (signatures and the
order's acquaintance list: ``person.initials_given``, ``initials_head``,
``initials_tail``) lets a narrow column break the name after the initials or
the surname's hyphen rather than inside a word.

Spaces become U+00A0 and hyphens U+2011 here; :func:`bind_xml` then writes
each U+2011 as Word's own non-breaking hyphen (``<w:noBreakHyphen/>``).
LibreOffice and Word draw that element as an ordinary hyphen glyph whose text
is «-», so a number copied from the document or its PDF dials as written;
a literal U+2011 would survive copying and confuse a phone's dialler.

Plain-text outputs (the e-mail, checklists) are not bound: a mail client
wraps lines itself and a copied non-breaking space there only gets in the way.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NBHY = "\u2011"

_SPACE = f"[ {NBSP}]"
_HYPHEN = f"[-{NBHY}]"
_UPPER = "А-ЯЁA-Z"
_LOWER = "а-яёa-z"

_PHONE = re.compile(
    rf"(?<![\w+])\+\d{{1,3}}(?:{_SPACE}?\(\d{{2,5}}\)|{_SPACE}\d{{1,5}}|{_HYPHEN}\d{{1,5}})+(?!\w)"
)
_NUMBER = re.compile(rf"№{_SPACE}+(?=\S)[^\s{NBSP}]*")
_MONTHS = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
_DATE = re.compile(
    rf"(?<![\w«])«?\d{{1,2}}»?{_SPACE}(?:{_MONTHS}){_SPACE}\d{{4}}(?:{_SPACE}(?:г\.|года?\b))?"
)
_ABBREVIATION = "г|с|д|п|х|ст|сл|пос|дер|мкр|ул|пер|пр|пр-т|пл|наб|ш|б-р|корп|стр|кв|обл"
_BARE = "пгт|рп|аул|р-н"  # written without a dot
# Abbreviations written before the name of a place (case-sensitive: «С.»
# in «С.Ю. Старостина» is an initial, not «село»); «2023 г.» is a year.
_PLACE = re.compile(
    rf"(?<![\w.\-])(?<!\d\d\d\d )(?<!\d\d\d\d{NBSP})"
    rf"(?:{_ABBREVIATION})\."
    rf"{_SPACE}(?=[{_UPPER}\d«])"
    rf"|(?<![\w.\-])(?:{_BARE}){_SPACE}(?=[{_UPPER}«])"
)
_SURNAME = rf"[{_UPPER}][{_LOWER}]+(?:{_HYPHEN}[{_UPPER}][{_LOWER}]+)?"
_INITIALS = rf"[{_UPPER}]\.(?:{_SPACE}?[{_UPPER}]\.)?"
_INITIALS_FIRST = re.compile(rf"(?<![\w.]){_INITIALS}{_SPACE}{_SURNAME}(?!\w)")
# «Старостина С.Ю.», but not «Директор» in «Директор С.Ю. Лебедева».
_SURNAME_FIRST = re.compile(
    rf"(?<![\w.]){_SURNAME}{_SPACE}{_INITIALS}(?!\w)(?!{_SPACE}?[{_UPPER}])"
)
# «(далее — ИКОП «Сферум», платформа)»: the defined term is bound to «(далее —»
# up to the first comma or the closing parenthesis, when it is short enough to
# stand on one line; a longer one keeps at least its first word.
_DEFINED = re.compile(rf"\(далее{_SPACE}+[—–-]{_SPACE}+([^,()]*)")
_DEFINED_MAX = 32


def _bind_spaces(match: re.Match[str]) -> str:
    return match.group(0).replace(" ", NBSP)


def _bind_all(match: re.Match[str]) -> str:
    return match.group(0).replace(" ", NBSP).replace("-", NBHY)


def _bind_definition(match: re.Match[str]) -> str:
    text = match.group(0)
    if len(text) <= _DEFINED_MAX:
        return text.replace(" ", NBSP)
    head = text[: match.start(1) - match.start(0)].replace(" ", NBSP)
    first, space, rest = match.group(1).partition(" ")
    return head + first + space + rest


# What each group can't be without: a cheap search that skips the costly one
# (lookbehinds at the start keep ``re`` from skipping ahead) for the text of
# a document, where these are rare.
_MONTH = re.compile(_MONTHS)
_DOT_SPACE = re.compile(rf"\.{_SPACE}")
# An abbreviation ending where a «. » starts, not inside a word (at most 4
# letters, so 6 characters before the dot always hold what precedes it).
_ABBREVIATION_BEFORE = re.compile(rf"(?:^|[^\w.\-])(?:{_ABBREVIATION})\Z")
_BARE_PLACE = re.compile(_BARE)
_INITIAL = re.compile(rf"[{_UPPER}]\.")


def _place_possible(text: str) -> bool:
    if _BARE_PLACE.search(text):
        return True
    return any(
        _ABBREVIATION_BEFORE.search(text[max(0, dot.start() - 6) : dot.start()])
        for dot in _DOT_SPACE.finditer(text)
    )


def bind(text: str) -> str:
    """``text`` with the spaces and hyphens inside the groups made non-breaking."""
    if not text.strip():
        return text
    if "+" in text:
        text = _PHONE.sub(_bind_all, text)
    if "№" in text:
        text = _NUMBER.sub(_bind_all, text)
    if _MONTH.search(text):
        text = _DATE.sub(_bind_spaces, text)
    if _place_possible(text):
        text = _PLACE.sub(_bind_spaces, text)
    if _INITIAL.search(text):
        text = _INITIALS_FIRST.sub(_bind_all, text)
        text = _SURNAME_FIRST.sub(_bind_all, text)
    if "(далее" in text:
        text = _DEFINED.sub(_bind_definition, text)
    return text


_TEXT_NODE = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_PRESERVED = '<w:t xml:space="preserve">'
_HARD_HYPHEN = f"</w:t><w:noBreakHyphen/>{_PRESERVED}"


def _bind_node(match: re.Match[str]) -> str:
    text = match.group(1)
    bound = bind(text)
    if bound == text:
        return match.group(0)
    if NBHY not in bound:
        opening = match.group(0)[: match.start(1) - match.start(0)]
        return f"{opening}{bound}</w:t>"
    return f"{_PRESERVED}{bound.replace(NBHY, _HARD_HYPHEN)}</w:t>"


def bind_xml(xml: str) -> str:
    """Bind the groups in every ``<w:t>`` of a WordprocessingML part."""
    return _TEXT_NODE.sub(_bind_node, xml)
