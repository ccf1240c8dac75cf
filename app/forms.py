"""Filter forms built from a saved query's declared parameters.

Each parameter becomes the widget its type calls for, its value kept in the
URL: fixed choices and vocabularies give select boxes (several values for a
``list[...]`` type), dates a date input, numbers a number input. When a
parameter's values come from another saved query that shares a parameter with
this form (a provider's programmes, say), that query runs with the values
already chosen, so the choices depend on each other.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from tagraph.app import data, ui
from tagraph.queries.catalog import VOCABULARIES, Parameter, SavedQuery, get_query

ANY = ""
"""The empty text a query reads as "no filter"."""


def _options(
    query: SavedQuery, parameter: Parameter, chosen: dict[str, Any]
) -> list[tuple[Any, str]]:
    source = parameter.choices_from
    if parameter.choices is None and source and source not in VOCABULARIES:
        upstream = get_query(source)
        shared = {
            p.name: chosen[p.name]
            for p in upstream.parameters
            if p.name in chosen and chosen[p.name] not in (None, "", [])
        }
        if shared:
            frame = data.table(source, shared)
            labels = frame.iloc[:, 1] if frame.shape[1] > 1 else frame.iloc[:, 0]
            return list(zip(frame.iloc[:, 0], map(str, labels), strict=True))
    return data.choices(query.name, parameter.name)


def _widget(
    query: SavedQuery,
    parameter: Parameter,
    key: str,
    chosen: dict[str, Any],
    container: Any,
) -> Any:
    label = parameter.name.replace("_", " ").capitalize()
    kind, default, doc = parameter.type, parameter.default, parameter.doc
    listed = kind.startswith("list[")

    if parameter.choices is not None or parameter.choices_from:
        pairs = _options(query, parameter, chosen)
        names = {value: text for value, text in pairs}

        def show(value: Any) -> str:
            if value == ANY:
                return "(any)"
            text = names.get(value, str(value))
            return text if text == str(value) else f"{text} ({value})"

        values = [value for value, _ in pairs]
        if listed:
            return ui.url_multiselect(
                label,
                values,
                key,
                default=default or [],
                format_func=show,
                help=doc,
                container=container,
            )
        if default in (None, ANY) and ANY not in values:
            values = [ANY, *values]
        return ui.url_selectbox(
            label,
            values,
            key,
            default=ANY if default is None else default,
            format_func=show,
            help=doc,
            container=container,
        )

    if kind == "bool":
        return ui.url_checkbox(
            label, key, default=bool(default), help=doc, container=container
        )
    if kind in ("int", "float"):
        return ui.url_number(
            label,
            key,
            default=default,
            kind=int if kind == "int" else float,
            help=doc,
            container=container,
        )
    if kind == "date":
        return ui.url_date(label, key, default=default, help=doc, container=container)
    if listed:
        text = ui.url_text(
            label,
            key,
            default="; ".join(map(str, default or [])),
            help=f"{doc} (separate values with ;)",
            container=container,
        )
        return text
    return ui.url_text(label, key, default=default or "", help=doc, container=container)


def parameter_form(
    query: SavedQuery,
    *,
    prefix: str = "f",
    fixed: dict[str, Any] | None = None,
    hidden: tuple[str, ...] = (),
    columns: int = 4,
) -> dict[str, Any]:
    """Draw a widget per parameter and return the chosen values.

    Parameters
    ----------
    query
        The saved query whose parameters to ask for.
    prefix
        Start of each widget's key and URL name (``f_priority``).
    fixed
        Values set by the page (a State chosen elsewhere); not asked for.
    hidden
        Parameters to leave at their defaults without asking.
    columns
        Widgets per row.
    """
    chosen: dict[str, Any] = dict(fixed or {})
    asked = [
        p for p in query.parameters if p.name not in chosen and p.name not in hidden
    ]
    if not asked:
        return chosen
    slots = st.columns(min(columns, len(asked)))
    for index, parameter in enumerate(asked):
        key = f"{prefix}_{parameter.name}"
        value = _widget(query, parameter, key, chosen, slots[index % len(slots)])
        if value is None or (value == ANY and parameter.default is None):
            continue
        chosen[parameter.name] = value
    return chosen
