"""Cell values: from the text a dataset holds to Python values, and back.

Each column kind of :mod:`tagraph.loaders.tables` has one parser, which
returns the value or says what was wrong and what was expected, and one
formatter, which writes the value as the dataset format spells it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from tagraph.loaders.tables import Column

SEPARATOR = ";"
"""Separates the values of a column that holds several."""

TRUE = ("true", "yes", "1")
FALSE = ("false", "no", "0")

_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_M49 = re.compile(r"^\d{3}$")


class BadValue(ValueError):
    """A cell's text does not fit its column; the message says what was expected."""


def _text(text: str, column: Column) -> str:
    return text


def _int(text: str, column: Column) -> int:
    if not _INT.match(text):
        raise BadValue(f"{text!r} is not a whole number; expected digits, such as 2017")
    return int(text)


def _float(text: str, column: Column) -> float:
    if not _FLOAT.match(text):
        raise BadValue(
            f"{text!r} is not a number; expected digits with an optional decimal "
            "point and no thousands separators, such as 250000 or 1250.50"
        )
    value = float(text)
    if math.isinf(value):
        raise BadValue(f"{text!r} is too large; expected a finite number")
    return value


def _date(text: str, column: Column) -> date:
    if not _DATE.match(text):
        raise BadValue(
            f"{text!r} is not a date; expected YYYY-MM-DD, such as 2024-03-31"
        )
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadValue(
            f"{text!r} is not a real date (the month or day is out of range); "
            "expected YYYY-MM-DD"
        ) from None


def _bool(text: str, column: Column) -> bool:
    lowered = text.lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise BadValue(
        f"{text!r} is not true or false; expected true or false (yes/no, 1/0)"
    )


def _enum(text: str, column: Column) -> str:
    if text not in column.choices:
        raise BadValue(
            f"{text!r} is not allowed; expected one of " + ", ".join(column.choices)
        )
    return text


def _iso3(text: str, column: Column) -> str:
    if not _ISO3.match(text):
        raise BadValue(
            f"{text!r} is not an ISO 3166-1 alpha-3 code; expected three capital "
            "letters, such as KEN"
        )
    return text


def _m49(text: str, column: Column) -> str:
    if not _M49.match(text):
        raise BadValue(
            f"{text!r} is not an M49 code; expected three digits, such as 002"
        )
    return text


_PARSERS: dict[str, Callable[[str, Column], Any]] = {
    "text": _text,
    "int": _int,
    "float": _float,
    "date": _date,
    "bool": _bool,
    "enum": _enum,
    "iso3": _iso3,
    "m49": _m49,
}


def parse(column: Column, text: str) -> Any:
    """The value of one cell of ``column``: None when empty, a list for ``many``.

    A list holds each value once, in the order first written.

    Raises
    ------
    BadValue
        When the text (or one of its values) does not fit the column's kind.
    """
    parser = _PARSERS[column.kind]
    if not column.many:
        return parser(text, column) if text else None

    values: list[Any] = []
    for part in text.split(SEPARATOR):
        part = part.strip()
        if not part:
            continue
        value = parser(part, column)
        if value not in values:
            values.append(value)
    return values


def format_value(column: Column, value: Any) -> str:
    """The text the dataset format uses for ``value`` in ``column``."""
    if value is None:
        return ""
    if column.many:
        return SEPARATOR.join(format_one(item) for item in sorted(value))
    return format_one(value)


def format_one(value: Any) -> str:
    """One value as text: dates ``YYYY-MM-DD``, booleans ``true``/``false``."""
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)
