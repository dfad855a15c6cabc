"""The tables of sferum_cli.region_codes: ФНС region codes and postal prefixes."""

from __future__ import annotations

import pytest

from sferum_cli import region_codes, regions
from sferum_cli.region_codes import POSTAL_PREFIXES, TAX_CODES


def test_every_subject_has_a_tax_code_and_postal_prefixes() -> None:
    assert set(TAX_CODES) == set(regions.REGIONS)
    assert set(POSTAL_PREFIXES) == set(regions.REGIONS)


def test_tax_codes_are_two_digits_and_name_one_subject() -> None:
    owners: dict[str, list[str]] = {}
    for region, codes in TAX_CODES.items():
        for code in codes:
            assert len(code) == 2 and code.isdigit(), (region, code)
            owners.setdefault(code, []).append(region)
    shared = {code: names for code, names in owners.items() if len(names) > 1}
    # The only shared code: the tax office of the Ненецкий АО is in Архангельск.
    assert shared == {"29": ["Архангельская область", "Ненецкий автономный округ"]}


# Where the ФНС code differs from what one might guess (the Constitution's
# order, car plates), and a few ordinary ones.
@pytest.mark.parametrize(
    ("region", "code"),
    [
        ("Москва", "77"),
        ("Москва", "97"),
        ("Санкт-Петербург", "78"),
        ("Севастополь", "92"),
        ("Республика Крым", "91"),
        ("Ханты-Мансийский автономный округ — Югра", "86"),
        ("Ямало-Ненецкий автономный округ", "89"),
        ("Ненецкий автономный округ", "83"),
        ("Чеченская Республика", "20"),
        ("Республика Ингушетия", "06"),
        ("Республика Алтай", "04"),
        ("Алтайский край", "22"),
        ("Забайкальский край", "75"),
        ("Запорожская область", "90"),
        ("Донецкая Народная Республика", "93"),
        ("Луганская Народная Республика", "94"),
        ("Херсонская область", "95"),
        ("Кировская область", "43"),
        ("Республика Татарстан", "16"),
        ("Еврейская автономная область", "79"),
        ("Чукотский автономный округ", "87"),
        ("Пермский край", "81"),  # Коми-Пермяцкий АО before 2005
        ("Красноярский край", "84"),  # Таймырский АО before 2007
    ],
)
def test_known_tax_codes(region: str, code: str) -> None:
    assert region_codes.tax_code_fits(region, code)


@pytest.mark.parametrize(
    ("region", "code"),
    [
        ("Чеченская Республика", "95"),  # car plates, not the ФНС
        ("Москва", "50"),
        ("Московская область", "77"),
        ("Санкт-Петербург", "47"),
        ("Республика Крым", "92"),
        ("Тюменская область", "86"),
    ],
)
def test_other_codes_do_not_fit(region: str, code: str) -> None:
    assert not region_codes.tax_code_fits(region, code)


def test_tax_region_names_the_territory() -> None:
    assert region_codes.tax_region("43") == "Кировская область"
    assert region_codes.tax_region("29") == "Архангельская область"
    assert region_codes.tax_region("97") == "Москва"
    assert region_codes.tax_region("99") == "г. Байконур"
    assert region_codes.tax_region("96") is None
    assert region_codes.tax_region("00") is None


def test_postal_prefixes_do_not_overlap() -> None:
    seen: dict[int, str] = {}
    for region, ranges in POSTAL_PREFIXES.items():
        for low, high in ranges:
            assert 100 <= low <= high <= 699, (region, low, high)
            for prefix in range(low, high + 1):
                assert prefix not in seen, (prefix, seen.get(prefix), region)
                seen[prefix] = region


@pytest.mark.parametrize(
    ("index", "region"),
    [
        ("610000", "Кировская область"),
        ("423000", "Республика Татарстан"),
        ("101000", "Москва"),
        ("124482", "Москва"),  # Зеленоград
        ("141400", "Московская область"),  # Химки
        ("190000", "Санкт-Петербург"),
        ("188300", "Ленинградская область"),  # Гатчина
        ("295000", "Республика Крым"),
        ("299011", "Севастополь"),
        ("364000", "Чеченская Республика"),
        ("386001", "Республика Ингушетия"),
        ("628011", "Ханты-Мансийский автономный округ — Югра"),
        ("629008", "Ямало-Ненецкий автономный округ"),
        ("166000", "Ненецкий автономный округ"),
        ("663300", "Красноярский край"),  # Норильск
        ("647000", "Красноярский край"),  # Дудинка
        ("683000", "Камчатский край"),
        ("689000", "Чукотский автономный округ"),
        ("693000", "Сахалинская область"),
        ("385000", "Республика Адыгея"),
        ("350000", "Краснодарский край"),
    ],
)
def test_postal_region(index: str, region: str) -> None:
    assert region_codes.postal_region(index) == region


def test_unknown_prefix_names_no_region() -> None:
    assert region_codes.postal_region("000000") is None
    assert region_codes.postal_region("130000") is None


@pytest.mark.parametrize(
    ("address", "index"),
    [
        ("610000, г. Киров, ул. Примерная, д. 1", "610000"),
        ("г. Киров, ул. Примерная, д. 1, 610000", "610000"),
        ("Россия,423000,с. Берёзовка", "423000"),
        ("г. Киров, ул. Примерная, д. 1", None),
        ("г. Киров, а/я 1234567", None),
    ],
)
def test_postal_index_of_an_address(address: str, index: str | None) -> None:
    assert region_codes.postal_index(address) == index


def test_neighbours_are_not_a_contradiction() -> None:
    assert region_codes.postal_fits("Москва", "Московская область")
    assert region_codes.postal_fits("Ленинградская область", "Санкт-Петербург")
    assert region_codes.postal_fits("Севастополь", "Республика Крым")
    assert not region_codes.postal_fits("Кировская область", "Республика Татарстан")
    assert not region_codes.postal_fits("Москва", "Санкт-Петербург")
