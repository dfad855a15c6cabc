"""libyaml's syntax errors in Russian, at the place an editor shows.

libyaml's English never reaches the user: its problem is matched by fragment
against a table; a tab in the indentation near the error is named instead.
"""

from __future__ import annotations

TAB_MESSAGE = (
    "символ табуляции в отступе: в YAML отступы делаются только пробелами — "
    "замените табуляцию пробелами"
)
# libyaml's problems (English) → Russian; matched by fragment, first match wins.
_PROBLEMS_RU: tuple[tuple[str, str], ...] = (
    ("tab character", TAB_MESSAGE),
    (
        "cannot start any token",
        "символ, с которого не может начинаться значение (возможно, значение надо взять в кавычки)",
    ),
    (
        "mapping values are not allowed",
        "двоеточие не на своём месте (возможно, значение с «: » надо взять в кавычки)",
    ),
    ("mapping keys are not allowed", "ключ «? » здесь не допускается"),
    (
        "block sequence entries are not allowed",
        "элемент списка «- » здесь не допускается: проверьте отступы",
    ),
    ("could not find expected ':'", "не найдено двоеточие после ключа"),
    ("exceeded maximum nesting depth", "слишком глубокая вложенность"),
    ("control characters are not allowed", "в файле есть недопустимый управляющий символ"),
    ("unacceptable character", "в файле есть недопустимый управляющий символ"),
    ("special characters are not allowed", "в файле есть недопустимый управляющий символ"),
    ("found unexpected end of stream", "файл оборвался: не закрыта кавычка или скобка"),
    ("did not find expected key", "ожидался ключ: проверьте отступы"),
    ("did not find expected '-' indicator", "ожидался элемент списка «- »: проверьте отступы"),
    ("did not find expected ',' or ']'", "не закрыта скобка [ ] или пропущена запятая"),
    ("did not find expected ',' or '}'", "не закрыта скобка { } или пропущена запятая"),
    ("expected ',' or ']'", "не закрыта скобка [ ] или пропущена запятая"),
    ("expected ',' or '}'", "не закрыта скобка { } или пропущена запятая"),
    ("did not find expected node content", "ожидалось значение: проверьте отступы и скобки"),
    ("expected the node content", "ожидалось значение: проверьте отступы и скобки"),
    ("expected <block end>", "ожидался конец блока: проверьте отступы"),
    (
        "unknown escape character",
        "неизвестная escape-последовательность после «\\» "
        'в кавычках «"…"»: удвойте «\\» или возьмите значение в одинарные кавычки',
    ),
    ("hexadecimal", "неверная escape-последовательность «\\x», «\\u» или «\\U» в кавычках"),
    ("document separator", "разделитель документов «---» или «...» внутри значения"),
    ("document start", "ожидалось начало документа «---»"),
    ("directive", "неверная директива «%» в начале файла"),
    ("incompatible YAML document", "неподдерживаемая версия YAML: нужна 1.1 или 1.2"),
    ("version number", "неверная директива «%YAML»"),
    ("tag", "неверный тег «!»: теги в файле школы не поддерживаются"),
    ("URI", "неверный тег «!»: теги в файле школы не поддерживаются"),
    ("indentation indicator", "неверный указатель отступа после «|» или «>»"),
    ("chomping", "неверный указатель после «|» или «>»"),
    ("alias", "неверная ссылка «*»"),
    ("anchor", "неверный якорь «&»"),
    ("UTF-8", "файл не в кодировке UTF-8"),
    (
        "comment or a line break",
        "лишние символы в конце строки: текст после значения "
        "начните с « #» или возьмите значение в кавычки",
    ),
    (
        "comment or line break",
        "лишние символы в конце строки: текст после значения "
        "начните с « #» или возьмите значение в кавычки",
    ),
    ("whitespace or line break", "ожидался пробел или конец строки"),
    ("simple key", "ключ не закончен двоеточием в той же строке"),
)
_SYNTAX_FALLBACK = "ошибка синтаксиса YAML: проверьте отступы, двоеточия, кавычки и скобки"


def translate_problem(problem: str | None) -> str:
    """Russian for libyaml's problem; libyaml's English never reaches the user."""
    if not problem:
        return _SYNTAX_FALLBACK
    for english, russian in _PROBLEMS_RU:
        if english in problem:
            return russian
    return _SYNTAX_FALLBACK


def indent_tab(text: str, line: int) -> tuple[int, int] | None:
    """(line, column), 1-based, of a tab in the indentation of ``line`` or the
    nearest line above it — the usual cause of a syntax error near a tab."""
    lines = text.split("\n")
    for number in range(min(line, len(lines)), 0, -1):
        content = lines[number - 1]
        indent = content[: len(content) - len(content.lstrip(" \t"))]
        if "\t" in indent and content.strip():
            return number, indent.index("\t") + 1
    return None
