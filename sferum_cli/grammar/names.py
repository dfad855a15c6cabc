"""Declension of Russian personal names ("Фамилия Имя Отчество").

The heavy lifting is done by pytrovich (petrovich rules) with an explicit
gender; a few small rules in this module run before or after it so that the
result does not depend on the exact rules-file version and matches the norms
of Russian official style (see the comments on each rule).

pytrovich is imported lazily: importing this module stays cheap.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from collections.abc import Callable

Case = Literal["nominative", "genitive", "dative", "accusative", "instrumental", "prepositional"]
CASES: tuple[Case, ...] = (
    "nominative",
    "genitive",
    "dative",
    "accusative",
    "instrumental",
    "prepositional",
)
Gender = Literal["male", "female"]


class GrammarError(ValueError):
    """A name (or another phrase) that cannot be declined reliably."""


class GenderUnknownError(GrammarError):
    """The gender of a name can't be told from its patronymic: it must be given."""


# The longest value a school file holds (an organisation's full name); the
# grammar refuses longer text instead of spending time on it.
MAX_PHRASE_LENGTH = 1000


def check_length(phrase: str) -> None:
    if len(phrase) > MAX_PHRASE_LENGTH:
        raise GrammarError(
            f"слишком длинный текст ({len(phrase)} символов): склоняются ФИО и должности "
            f"не длиннее {MAX_PHRASE_LENGTH} символов"
        )


_NamePart = Literal["lastname", "firstname", "middlename"]

# Turkic patronymic markers written as a separate word («Ильхам оглы»).
_MALE_PATRONYMIC_WORDS = frozenset({"оглы", "оглу", "улы", "уулу"})
_FEMALE_PATRONYMIC_WORDS = frozenset({"кызы", "гызы", "кзы"})
_TURKIC_WORDS = _MALE_PATRONYMIC_WORDS | _FEMALE_PATRONYMIC_WORDS

_VOWELS = "аеёиоуыэюя"

# -------------------------------------------------------------------------
# Rules that run on top of pytrovich.
# -------------------------------------------------------------------------

# Fleeting-vowel first names. pytrovich 0.2 has these as exceptions in its
# bundled rules, but libraries.md records a version that missed «Лев» →
# «Льва»; the table keeps these very common names right whatever rules file
# is installed. Forms: genitive, dative, accusative, instrumental, prepositional.
_FIRST_NAME_OVERRIDES: dict[tuple[str, Gender], tuple[str, str, str, str, str]] = {
    ("лев", "male"): ("Льва", "Льву", "Льва", "Львом", "Льве"),
    ("павел", "male"): ("Павла", "Павлу", "Павла", "Павлом", "Павле"),
    ("пётр", "male"): ("Петра", "Петру", "Петра", "Петром", "Петре"),
    ("петр", "male"): ("Петра", "Петру", "Петра", "Петром", "Петре"),
    ("любовь", "female"): ("Любови", "Любови", "Любовь", "Любовью", "Любови"),
}

# Foreign surnames with a stressed final -а/-я that are not declined in
# Russian (the stress cannot be seen from the spelling, so they are listed).
_INDECLINABLE_SURNAMES = frozenset({"дюма", "дега", "петипа", "золя", "тома", "люка"})

_OBLIQUE: tuple[Case, ...] = CASES[1:]


def _surname_is_indeclinable(piece: str, gender: Gender) -> bool:
    """Surnames that keep the nominative form in every case.

    pytrovich gets all of these right today; the rules are kept explicit
    because they are the most visible errors in an official order.
    """
    low = piece.lower()
    if len(low) < 2 or not low[-1].isalpha():
        return False
    if low in _INDECLINABLE_SURNAMES:
        return True
    # Черных, Долгих, Седых: old genitive-plural forms, never declined.
    if low.endswith(("ых", "их")):
        return True
    # Шевченко, Бойко, Дурново, Живаго, Гюго, Гёте, Камю, Ли, Шоу …: a final
    # vowel other than а/я means an indeclinable (Ukrainian, old Russian or
    # foreign) surname.
    if low[-1] in "еёиоуыэю":
        return True
    # Галуа, Моравиа, Гамсахурдиа: -а after a vowel (but -ия/-ея decline:
    # Берия → Берии; -ая/-яя are adjective-type female surnames).
    if low[-1] == "а" and low[-2] in _VOWELS:
        return True
    # Female surnames ending in a consonant (or й/ь) are not declined:
    # Мельник, Кузьмич, Ким, Гайдай, Соболь for a woman.
    return gender == "female" and low[-1] not in _VOWELS


@functools.cache
def _maker() -> Any:
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker()


@functools.cache
def _enums() -> tuple[Any, Any, Any]:
    from pytrovich.enums import Case as PCase
    from pytrovich.enums import Gender as PGender
    from pytrovich.enums import NamePart as PNamePart

    return PCase, PGender, PNamePart


def _pytrovich(part: _NamePart, gender: Gender, case: Case, word: str, known: bool) -> str:
    p_case, p_gender, p_part = _enums()
    return str(
        _maker().make(
            p_part[part.upper()],
            p_gender[gender.upper()],
            p_case[case.upper()],
            word,
            known_gender=known,
        )
    )


def _keep_stem(nominative: str, declined: str, case: Case) -> str:
    """Keep the «fleeting» vowel of a male noun-type surname (or first name).

    pytrovich drops it for some endings (Кузнец → «Кузнца», Кравец →
    «Кравца», Воробей → «Воробья») but keeps it for others (Заяц → Заяца,
    Стрелец → Стрелеца, Соловей → Соловея). In official documents a surname
    should stay recognisable, so the vowel is kept consistently: Кравеца,
    Кузнеца, Воробея. The case ending itself is taken from pytrovich.
    """
    low = nominative.lower()
    if low[-1] in "йь":
        stem = nominative[:-1]
        endings = {
            "genitive": "я",
            "dative": "ю",
            "accusative": "я",
            "instrumental": "ем",
            "prepositional": "е",
        }
        if declined.startswith(stem):
            return declined
        return stem + endings[case]
    if low[-1] in _VOWELS or declined.startswith(nominative):
        return declined
    ending = declined[-2:] if case == "instrumental" else declined[-1:]
    return nominative + ending


def _decline_surname_piece(piece: str, gender: Gender, case: Case, known: bool) -> str:
    if _surname_is_indeclinable(piece, gender):
        return piece
    declined = _pytrovich("lastname", gender, case, piece, known)
    low = piece.lower()
    # Adjective-type surnames (Толстой, Достоевский, Белый) decline as
    # adjectives and are handled by pytrovich; the stem rule is only for
    # noun-type male surnames.
    if gender == "male" and not low.endswith(("ой", "ий", "ый")) and low[-1] not in _VOWELS:
        declined = _keep_stem(piece, declined, case)
    return declined


def _decline_first_piece(piece: str, gender: Gender, case: Case, known: bool) -> str:
    override = _FIRST_NAME_OVERRIDES.get((piece.lower(), gender))
    if override is not None:
        return override[_OBLIQUE.index(case)]
    declined = _pytrovich("firstname", gender, case, piece, known)
    low = piece.lower()
    if gender == "male" and low[-1] not in _VOWELS and low[-1] not in "йь":
        # A fleeting vowel belongs to the few names in the table above.
        # pytrovich also drops it for every name in -ек/-ёк (a rule for
        # diminutives: Витёк → Витька), which is wrong for the Polish and
        # Czech names a school file holds: Владек → Владека, Марек → Марека,
        # Зденек → Зденека.
        declined = _keep_stem(piece, declined, case)
    return declined


def _decline_patronymic_piece(piece: str, gender: Gender, case: Case, known: bool) -> str:
    return _pytrovich("middlename", gender, case, piece, known)


_PIECE_DECLINERS: dict[_NamePart, Callable[[str, Gender, Case, bool], str]] = {
    "lastname": _decline_surname_piece,
    "firstname": _decline_first_piece,
    "middlename": _decline_patronymic_piece,
}


def _first_name_part_declines(index: int, last: int, gender: Gender) -> bool:
    # In a man's double first name only the last part declines: Жан-Клода,
    # Жан-Поля, Пьер-Огюста (Розенталь). Women's double names in -а/-я
    # decline in both parts: Анны-Марии.
    return index == last or gender == "female"


@functools.lru_cache(maxsize=8192)
def _decline_word(part: _NamePart, word: str, gender: Gender, case: Case) -> str:
    """Decline one word of a name; hyphenated words decline in each part."""
    if case == "nominative" or not word:
        return word
    # «ИВАНОВ» in a roster: pytrovich would append lower-case endings
    # («ИВАНОВа»), so decline the title-cased word and upper-case it back.
    upper = len(word) > 1 and word.isupper()
    text = word[0] + word[1:].lower() if upper else word
    pieces = text.split("-")
    last = len(pieces) - 1
    declined: list[str] = []
    for index, piece in enumerate(pieces):
        keep = part == "firstname" and not _first_name_part_declines(index, last, gender)
        if not piece or keep:
            declined.append(piece)
            continue
        # As in petrovich-ruby, the gender counts as «known» only for the
        # last part of a double name, so that the first part can still hit
        # the androgynous exceptions (Бонч-Бруевич → Бонч-Бруевича).
        declined.append(_PIECE_DECLINERS[part](piece, gender, case, index == last))
    result = "-".join(declined)
    return result.upper() if upper else result


_SPACES = re.compile(r"\s+")


def _is_turkic_patronymic(patronymic: str) -> bool:
    words = patronymic.lower().replace("-", " ").split()
    return bool(words) and (
        words[-1] in _TURKIC_WORDS or (len(words) == 1 and words[0].endswith(tuple(_TURKIC_WORDS)))
    )


def gender_from_patronymic(patronymic: str | None) -> Gender | None:
    """Gender from a patronymic: -вич/-ич/оглы/улы → male, -вна/-чна/кызы → female."""
    if not patronymic:
        return None
    low = patronymic.strip().lower().replace("ё", "е")
    if not low:
        return None
    last = low.replace("-", " ").split()[-1]
    if last in _MALE_PATRONYMIC_WORDS or last.endswith(("оглы", "улы", "уулу")):
        return "male"
    if last in _FEMALE_PATRONYMIC_WORDS or last.endswith(("кызы", "гызы")):
        return "female"
    if last.endswith("ич"):
        return "male"
    if last.endswith(("вна", "чна", "шна")):
        return "female"
    return None


def split_full_name(full_name: str) -> tuple[str, str, str | None]:
    """Split «Фамилия Имя [Отчество]» into its parts.

    A Turkic patronymic keeps its marker word: «Мамедов Рашид Ильхам оглы»
    → ("Мамедов", "Рашид", "Ильхам оглы").
    """
    words = _SPACES.split(full_name.strip()) if full_name and full_name.strip() else []
    if len(words) == 2:
        return words[0], words[1], None
    if len(words) == 3:
        return words[0], words[1], words[2]
    if len(words) == 4 and words[3].lower() in _TURKIC_WORDS:
        return words[0], words[1], f"{words[2]} {words[3]}"
    raise GrammarError(
        f"ожидается «Фамилия Имя Отчество» (отчество можно не указывать), получено: {full_name!r}"
    )


_NAME_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
_INITIAL = re.compile(r"[А-ЯЁA-Z]\.")


def _check_letters(full_name: str) -> None:
    """Only whole Russian words decline: initials and other characters don't."""
    for word in _SPACES.split(full_name.strip()):
        if _NAME_WORD.fullmatch(word):
            continue
        if _INITIAL.search(word):
            raise GrammarError(
                f"в «{full_name}» есть инициалы: склоняются только полные фамилия, имя "
                "и отчество («Иванов Иван Иванович»)"
            )
        raise GrammarError(
            f"в «{full_name}» есть слова не из русских букв: склоняются ФИО, написанные "
            "русскими буквами (части двойного имени или фамилии — через один дефис)"
        )


def _resolve_gender(patronymic: str | None, gender: Gender | None, full_name: str) -> Gender:
    if gender is not None:
        if gender not in ("male", "female"):
            raise GrammarError(f"неизвестный пол {gender!r}: ожидается 'male' или 'female'")
        return gender
    detected = gender_from_patronymic(patronymic)
    if detected is None:
        raise GenderUnknownError(
            f"не удалось определить пол по отчеству для {full_name!r}: укажите пол явно"
        )
    return detected


@functools.lru_cache(maxsize=8192)
def _decline_parts(
    full_name: str, case: Case, gender: Gender | None
) -> tuple[str, str, str | None, Gender]:
    check_length(full_name)
    surname, first, patronymic = split_full_name(full_name)
    _check_letters(full_name)
    resolved = _resolve_gender(patronymic, gender, full_name)
    if case not in CASES:
        raise GrammarError(f"неизвестный падеж {case!r}")
    surname_d = _decline_word("lastname", surname, resolved, case)
    first_d = _decline_word("firstname", first, resolved, case)
    patronymic_d: str | None
    if patronymic is None or _is_turkic_patronymic(patronymic):
        # «Ильхам оглы» is the father's name + a marker: it never declines.
        patronymic_d = patronymic
    else:
        patronymic_d = _decline_word("middlename", patronymic, resolved, case)
    return surname_d, first_d, patronymic_d, resolved


def decline_name(full_name: str, case: Case, gender: Gender | None = None) -> str:
    """Decline «Фамилия Имя Отчество», keeping the word order.

    Without ``gender`` the gender is taken from the patronymic; if that is
    impossible (no patronymic, unusual patronymic) GrammarError is raised.
    """
    surname, first, patronymic, _ = _decline_parts(full_name, case, gender)
    return " ".join(w for w in (surname, first, patronymic) if w)


def name_forms(full_name: str, gender: Gender | None = None) -> dict[Case, str]:
    """All six case forms of a full name."""
    return {case: decline_name(full_name, case, gender) for case in CASES}


def _initial(word: str) -> str:
    # «Анна-Мария» → «А.-М.»
    return "-".join(f"{piece[0].upper()}." for piece in word.split("-") if piece)


def _initials(full_name: str) -> str:
    _, first, patronymic = split_full_name(full_name)
    result = _initial(first)
    if patronymic:
        result += _initial(patronymic.split()[0])
    return result


def initials_surname(
    full_name: str, case: Case = "nominative", gender: Gender | None = None
) -> str:
    """«С.Ю. Старостина»; in dative «С.Ю. Старостиной»."""
    surname = _decline_parts(full_name, case, gender)[0]
    return f"{_initials(full_name)} {surname}"


def surname_initials(
    full_name: str, case: Case = "nominative", gender: Gender | None = None
) -> str:
    """«Старостина С.Ю.»; in dative «Старостиной С.Ю.»."""
    surname = _decline_parts(full_name, case, gender)[0]
    return f"{surname} {_initials(full_name)}"
