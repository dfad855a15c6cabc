"""The Jinja sandbox with limits, shared by text and DOCX templates.

A user's template (``--template``, a letterhead with tags) runs in
:class:`LimitedSandbox`: Jinja's immutable sandbox, plus a budget per
render — loop iterations, calls, processor time, the size of any
string, list or output it builds — so a loop bomb or ``{{ 'x' * 3000000000 }}`` stops early with
:class:`RenderLimitError` instead of taking minutes and gigabytes:

* every ``{% for %}`` iterates through :meth:`LimitedSandbox.limited_iter`
  (the template's syntax tree is rewritten when it is compiled), which
  counts iterations and looks at the clock;
* every call (functions, macros, methods) is counted too;
* ``*``, ``+``, ``%`` and ``**`` and the ``~`` concatenation check the size
  of their result *before* computing it, and so do the filters that can
  multiply a string (``replace``, ``join``, ``center``, ``indent``,
  ``format``, ``wordwrap``);
* :func:`render` consumes the output piece by piece and stops at the cap.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

if TYPE_CHECKING:
    from jinja2 import Template

# Per render of one template part (the bundled ones take milliseconds).  The
# clock is processor time, so a busy machine does not fail an honest template.
MAX_RENDER_SECONDS = 5.0
MAX_ITERATIONS = 300_000
MAX_CALLS = 50_000  # a macro call costs as much as dozens of loop iterations
MAX_VALUE_CHARS = 10_000_000  # any one string or list built by a template
MAX_POWER_BITS = 10_000
_CHECK_EVERY = 1024
_WIDE_FORMAT = re.compile(r"%[-+ #0]*(?:\*|\d{7,})|\{[^{}]*[:!][^{}]*(?:\*|\d{7,})[^{}]*\}")


class RenderLimitError(SecurityError):
    """A template went over one of the limits (the message is Russian)."""


@dataclass
class _Counter:
    """Loop iterations or calls made in one render, against their limit."""

    what: str
    limit: int
    spent: int = 0


@dataclass
class _Budget:
    deadline: float
    iterations: _Counter = field(
        default_factory=lambda: _Counter("повторений цикла", MAX_ITERATIONS)
    )
    calls: _Counter = field(
        default_factory=lambda: _Counter("вызовов функций и макросов", MAX_CALLS)
    )

    def spend(self, counter: _Counter) -> None:
        """One more of ``counter``; over its limit or the clock → RenderLimitError."""
        counter.spent += 1
        if counter.spent > counter.limit:
            raise _too_many(counter.what, counter.limit)
        if counter.spent % _CHECK_EVERY == 0:
            _check_time(self)


_BUDGET: ContextVar[_Budget | None] = ContextVar("sferum_render_budget", default=None)


def _check_time(budget: _Budget) -> None:
    if time.process_time() > budget.deadline:
        raise RenderLimitError(
            f"шаблон выполняется дольше {MAX_RENDER_SECONDS:.0f} с — похоже на бесконечный "
            "или слишком большой цикл"
        )


def _too_many(what: str, limit: int) -> RenderLimitError:
    return RenderLimitError(
        f"в шаблоне больше {limit:,} {what} — похоже на бесконечный или слишком большой "
        "цикл".replace(",", " ")
    )


def _too_big() -> RenderLimitError:
    return RenderLimitError(
        f"шаблон строит слишком большой текст или список (больше {MAX_VALUE_CHARS:,} "
        "символов)".replace(",", " ")
    )


def _size(value: Any) -> int | None:
    """Characters of a string, or items plus the characters of a list's strings."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, list | tuple):
        return len(value) + sum(len(item) for item in value if isinstance(item, str | bytes))
    return None


def _check_size(size: int) -> None:
    if size > MAX_VALUE_CHARS:
        raise _too_big()


class _LoopLimiter(NodeTransformer):
    """``{% for x in items %}`` → ``{% for x in environment.limited_iter(items) %}``."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Call(
            nodes.EnvironmentAttribute("limited_iter"), [node.iter], [], None, None
        )
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Call(nodes.EnvironmentAttribute("limited_concat"), node.nodes, [], None, None)


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with per-render limits (see the module docstring)."""

    intercepted_binops = frozenset({"*", "+", "%", "**"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, guard in _FILTER_GUARDS.items():
            self.filters[name] = _guarded(self.filters[name], guard)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        limited: nodes.Template = _LoopLimiter().visit(tree)
        return limited

    def limited_iter(self, iterable: Iterable[Any]) -> Iterator[Any]:
        budget = _BUDGET.get()
        for item in iterable:
            if budget is not None:
                budget.spend(budget.iterations)
            yield item

    def limited_concat(self, *parts: Any) -> str:
        _check_size(sum(len(part) if isinstance(part, str) else 32 for part in parts))
        joined: str = (markup_join if self.autoescape else str_join)(parts)
        _check_size(len(joined))
        return joined

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = _BUDGET.get()
        if budget is not None:
            budget.spend(budget.calls)
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                size = _size(sequence)
                if size is not None and isinstance(times, int):
                    _check_size(size * max(times, 0))
        elif operator == "+":
            left_size, right_size = _size(left), _size(right)
            if left_size is not None and right_size is not None:
                _check_size(left_size + right_size)
        elif operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise _too_big()
        elif operator == "**" and _huge_power(left, right):
            raise RenderLimitError("слишком большое число в шаблоне")
        result = super().call_binop(context, operator, left, right)
        size = _size(result)
        if size is not None:
            _check_size(size)
        return result


def _huge_power(base: Any, exponent: Any) -> bool:
    if not isinstance(base, int) or not isinstance(exponent, int) or abs(base) < 2:
        return False
    return exponent * abs(base).bit_length() > MAX_POWER_BITS


# --- filters that can multiply a string -------------------------------------


def _replace_size(value: Any, old: Any = "", new: Any = "", count: Any = None) -> int:
    text, old_text, new_text = str(value), str(old), str(new)
    occurrences = text.count(old_text) if old_text else len(text) + 1
    if isinstance(count, int) and count >= 0:
        occurrences = min(occurrences, count)
    return len(text) + occurrences * max(len(new_text) - len(old_text), 0)


def _join_size(value: Any, d: Any = "", attribute: Any = None) -> int:
    items = list(value) if isinstance(value, Iterable) else []
    return sum(len(str(item)) for item in items) + len(str(d)) * len(items)


def _width_size(value: Any, width: Any = 80, *_: Any, **__: Any) -> int:
    text = str(value)
    width_value = width if isinstance(width, int) else len(str(width))
    return len(text) + (text.count("\n") + 1) * max(width_value, 0)


def _format_size(value: Any, *args: Any, **kwargs: Any) -> int:
    if _WIDE_FORMAT.search(str(value)):
        raise _too_big()
    return len(str(value)) + sum(len(str(a)) for a in (*args, *kwargs.values()))


_FILTER_GUARDS: dict[str, Callable[..., int]] = {
    "replace": _replace_size,
    "join": _join_size,
    "center": _width_size,
    "indent": _width_size,
    "wordwrap": _width_size,
    "format": _format_size,
}


def _guarded(original: Callable[..., Any], measure: Callable[..., int]) -> Callable[..., Any]:
    """``original`` that first checks the size ``measure`` predicts for the result."""
    from jinja2.utils import pass_eval_context

    @pass_eval_context
    def wrapper(eval_ctx: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, Iterator):
            value = list(value)
        _check_size(measure(value, *args, **kwargs))
        passes = getattr(getattr(original, "jinja_pass_arg", None), "name", None)
        if passes == "eval_context":
            return original(eval_ctx, value, *args, **kwargs)
        if passes == "environment":
            return original(eval_ctx.environment, value, *args, **kwargs)
        return original(value, *args, **kwargs)

    return wrapper


# --- rendering ---------------------------------------------------------------


@contextmanager
def budget() -> Iterator[None]:
    """Limits for the renders inside the block (one document, one text)."""
    token = _BUDGET.set(_Budget(deadline=time.process_time() + MAX_RENDER_SECONDS))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def render(template: Template, context: Mapping[str, Any], *, max_chars: int) -> str:
    """The template's output, stopped at ``max_chars`` characters or over the budget."""
    pieces: list[str] = []
    total = 0
    with budget():
        current = _BUDGET.get()
        for count, piece in enumerate(template.generate(context), start=1):
            if current is not None and count % _CHECK_EVERY == 0:
                _check_time(current)
            total += len(piece)
            if total > max_chars:
                raise RenderLimitError(
                    f"результат шаблона больше {max_chars:,} символов".replace(",", " ")
                )
            pieces.append(piece)
    return "".join(pieces)
