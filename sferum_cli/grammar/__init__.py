"""Russian grammar for documents: names, job titles, dates, typography.

Importing this package is cheap: pytrovich and pymorphy3 are loaded lazily,
once per process, on the first call that needs them.
"""

from __future__ import annotations

from .dates import date_digits, date_words, number_sign, quoted
from .names import (
    CASES,
    MAX_PHRASE_LENGTH,
    Case,
    Gender,
    GenderUnknownError,
    GrammarError,
    decline_name,
    gender_from_patronymic,
    initials_surname,
    name_forms,
    split_full_name,
    surname_initials,
)
from .positions import agreement_by_sense, decline_position, position_forms

__all__ = [
    "CASES",
    "MAX_PHRASE_LENGTH",
    "Case",
    "Gender",
    "GenderUnknownError",
    "GrammarError",
    "agreement_by_sense",
    "date_digits",
    "date_words",
    "decline_name",
    "decline_position",
    "gender_from_patronymic",
    "initials_surname",
    "name_forms",
    "number_sign",
    "position_forms",
    "quoted",
    "split_full_name",
    "surname_initials",
]
