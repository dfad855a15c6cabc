"""(Re)generate sferum_cli/grammar/position_table.json: the forms of the words
of common school job titles and organisation names, taken from pymorphy3.

Run from the repository root::

    uv run python docs/make_position_table.py          # rewrites the table
    uv run python docs/make_position_table.py --check  # exit 1 if it is stale

This script is the source of the table, like docs/make_docx_templates.py is
the source of the templates: edit the lists below, not the JSON, and commit
both.  ``tests/test_grammar_position_table.py`` fails when the committed
table differs from what the script writes now (a new pymorphy3 dictionary,
a change to the declension code).

With the table, ``order``/``policy`` decline the usual titles and the
organisation's full name without loading the pymorphy3 dictionary (≈ 86 ms,
+22 MiB); a title with a word the table lacks still goes to pymorphy3.
For every word the table keeps exactly what the declension reads of
pymorphy3: the nominative parses in the order it uses them, and the form of
each parse for every set of grammemes the declension can ask for.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sferum_cli.grammar import positions  # noqa: E402

# Job titles of a school's staff (the ones a school file names for its
# director and administrator, the examples, the test set).
TITLES = """
директор
заместитель директора
исполняющий обязанности директора
временно исполняющий обязанности директора
советник директора по воспитанию
учитель
старший учитель
учитель-логопед
учитель-дефектолог
учитель-стажёр
педагог
социальный педагог
социальная педагог
педагог-психолог
педагог-организатор
педагог-библиотекарь
педагог дополнительного образования
старший педагог дополнительного образования
педагог-наставник
педагог-воспитатель
воспитатель
старший воспитатель
методист
старший методист
старшая методист
преподаватель
преподаватель-организатор
психолог
логопед
дефектолог
тьютор
вожатый
вожатая
старший вожатый
старшая вожатая
классный руководитель
классная руководитель
секретарь
секретарь-машинистка
секретарь учебной части
ответственный секретарь
библиотекарь
заведующий библиотекой
заведующая библиотекой
заведующий хозяйством
заведующая хозяйством
главный бухгалтер
бухгалтер
ведущий специалист
главный специалист
специалист
инженер
программист
системный администратор
лаборант
инструктор по физической культуре
музыкальный руководитель
концертмейстер
руководитель
руководитель структурного подразделения
заведующий
заведующая
медицинская сестра
фельдшер
администратор
""".strip().splitlines()

# The start of an organisation's full name, which the Положение declines.
ORGANISATIONS = """
муниципальное бюджетное общеобразовательное учреждение
муниципальное автономное общеобразовательное учреждение
муниципальное казённое общеобразовательное учреждение
муниципальное казенное общеобразовательное учреждение
государственное бюджетное общеобразовательное учреждение
государственное автономное общеобразовательное учреждение
государственное казённое общеобразовательное учреждение
государственное казенное общеобразовательное учреждение
частное общеобразовательное учреждение
негосударственное общеобразовательное учреждение
муниципальное бюджетное учреждение дополнительного образования
муниципальное бюджетное дошкольное образовательное учреждение
муниципальная общеобразовательная организация
государственная общеобразовательная организация
общеобразовательная организация
образовательная организация
образовательное учреждение
средняя общеобразовательная школа
основная общеобразовательная школа
начальная общеобразовательная школа
средняя школа
основная школа
начальная школа
школа
гимназия
лицей
школа-интернат
""".strip().splitlines()


def words() -> list[str]:
    """Every lower-case piece the declension may look up for the titles above."""
    found: set[str] = set()
    for phrase in TITLES + ORGANISATIONS:
        for word in phrase.split():
            found.update(piece.lower() for piece in word.split("-") if piece)
    return sorted(found)


def entry(parse: positions.Parse) -> dict[str, object]:
    sets = [s | {"plur"} if parse.number == "plur" else s for s in positions.GRAMMEME_SETS]
    return {
        "pos": parse.pos,
        "number": parse.number,
        "gender": parse.gender,
        "animacy": parse.animacy,
        "common_gender": parse.common_gender,
        "normal_form": parse.normal_form,
        "forms": [parse.inflect(s) for s in sets],
    }


def build_table() -> str:
    """The text of position_table.json: one word per line, sorted."""
    lines = [
        f"{json.dumps(word, ensure_ascii=False)}: "
        + json.dumps(
            [entry(p) for p in positions.dictionary_parses(word)],
            ensure_ascii=False,
            sort_keys=True,
        )
        for word in words()
    ]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main(argv: list[str]) -> int:
    text = build_table()
    if argv == ["--check"]:
        current = positions.TABLE_PATH.read_text(encoding="utf-8")
        if current != text:
            print(f"{positions.TABLE_PATH} is stale: run docs/make_position_table.py")
            return 1
        return 0
    if argv:
        print(__doc__)
        return 2
    positions.TABLE_PATH.write_text(text, encoding="utf-8")
    print(f"{positions.TABLE_PATH}: {len(words())} words")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
