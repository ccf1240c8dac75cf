"""Pieces every page uses: filters kept in the URL, exports, result views.

A filter widget's value is mirrored in the page's URL (``st.query_params``)
under the widget's key, so a copied link opens the same view. Values read
from a URL are checked against the widget's choices; anything else is ignored.
"""

from __future__ import annotations

import io
import json
import numbers
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
import plotly.express as px
import streamlit as st

from tagraph.app import session

SYNTHETIC_NOTE = (
    "Includes synthetic demonstration data (generated, not assessed): needs, "
    "assessments and links marked synthetic are not real facts."
)


# Filters kept in the URL ----------------------------------------------------


def _seed(key: str, value: Any) -> None:
    """Give a widget its first value, unless it has one already."""
    if key not in st.session_state:
        st.session_state[key] = value


def _publish(key: str, value: Any, default: Any) -> None:
    """Write a widget's value to the URL (or take it out when it is the default)."""
    if value == default or value in (None, "", []):
        if key in st.query_params:
            del st.query_params[key]
        return
    if isinstance(value, list):
        st.query_params[key] = [str(item) for item in value]
    else:
        st.query_params[key] = str(value)


def url_selectbox(
    label: str,
    options: Sequence[Any],
    key: str,
    *,
    default: Any = None,
    format_func: Callable[[Any], str] = str,
    help: str | None = None,
    container: Any = st,
) -> Any:
    """A select box whose value lives in the URL under ``key``."""
    options = list(options)
    wanted = st.query_params.get(key)
    by_text = {str(option): option for option in options}
    if wanted in by_text:
        _seed(key, by_text[wanted])
    elif default in options:
        _seed(key, default)
    elif options:
        _seed(key, options[0])
    if st.session_state.get(key) not in options and options:
        st.session_state[key] = options[0]

    value = container.selectbox(
        label, options, key=key, format_func=format_func, help=help
    )
    _publish(key, value, default)
    return value


def url_multiselect(
    label: str,
    options: Sequence[Any],
    key: str,
    *,
    default: Sequence[Any] = (),
    format_func: Callable[[Any], str] = str,
    help: str | None = None,
    container: Any = st,
) -> list[Any]:
    """A multi-select whose values live in the URL under ``key``."""
    options = list(options)
    by_text = {str(option): option for option in options}
    wanted = [by_text[v] for v in st.query_params.get_all(key) if v in by_text]
    _seed(key, wanted or [v for v in default if v in options])
    st.session_state[key] = [v for v in st.session_state[key] if v in options]

    value = container.multiselect(
        label, options, key=key, format_func=format_func, help=help
    )
    _publish(key, value, list(default))
    return value


def url_text(
    label: str,
    key: str,
    *,
    default: str = "",
    help: str | None = None,
    container: Any = st,
) -> str:
    """A text input whose value lives in the URL under ``key``."""
    _seed(key, st.query_params.get(key, default)[:200])
    value = container.text_input(label, key=key, help=help)
    _publish(key, value, default)
    return value


def url_number(
    label: str,
    key: str,
    *,
    default: float | int | None,
    kind: type = int,
    minimum: float | int | None = None,
    maximum: float | int | None = None,
    help: str | None = None,
    container: Any = st,
) -> float | int | None:
    """A number input whose value lives in the URL under ``key``.

    With ``default=None`` the input may stay empty, which reads as None.
    """
    raw = st.query_params.get(key)
    try:
        wanted = kind(raw) if raw not in (None, "") else default
    except ValueError:
        wanted = default
    if wanted is not None and minimum is not None:
        wanted = max(wanted, minimum)
    if wanted is not None and maximum is not None:
        wanted = min(wanted, maximum)
    _seed(key, wanted)
    value = container.number_input(
        label,
        key=key,
        min_value=minimum,
        max_value=maximum,
        step=1 if kind is int else None,
        help=help,
    )
    _publish(key, value, default)
    return value


def url_date(
    label: str,
    key: str,
    *,
    default: date | None,
    help: str | None = None,
    container: Any = st,
) -> date | None:
    """A date input whose value lives in the URL under ``key`` (ISO date)."""
    raw = st.query_params.get(key)
    try:
        wanted = date.fromisoformat(raw) if raw else default
    except ValueError:
        wanted = default
    _seed(key, wanted)
    value = container.date_input(label, key=key, help=help)
    _publish(key, value.isoformat() if value else None, default and str(default))
    return value


def url_checkbox(
    label: str,
    key: str,
    *,
    default: bool = False,
    help: str | None = None,
    container: Any = st,
) -> bool:
    """A check box whose value lives in the URL under ``key``."""
    raw = st.query_params.get(key)
    _seed(key, raw == "true" if raw in ("true", "false") else default)
    value = container.checkbox(label, key=key, help=help)
    _publish(key, "true" if value else "false", "true" if default else "false")
    return value


# Labels and banners ----------------------------------------------------------


def synthetic_banner(
    frame: pd.DataFrame | None = None, *, always: bool = False
) -> None:
    """Say that synthetic data is shown, when ``frame`` holds any (or always)."""
    if always or (
        frame is not None
        and "synthetic" in frame.columns
        and frame["synthetic"].fillna(False).astype(bool).any()
    ):
        st.warning(SYNTHETIC_NOTE, icon=":material/science:")


def why(text: str) -> None:
    """A short explanation of why a finding was flagged."""
    st.caption(f"Why flagged: {text}")


# Exports -----------------------------------------------------------------------


def _about(stem: str, params: dict[str, Any] | None) -> pd.DataFrame:
    viewer = session.viewer()
    rows = [
        ("view", stem),
        ("parameters", json.dumps(params or {}, default=str, sort_keys=True)),
        ("exported by", f"{viewer.name} ({viewer.role})"),
        ("exported at", datetime.now(UTC).isoformat(timespec="seconds")),
        ("note", "Only what this account may see is included."),
    ]
    return pd.DataFrame(rows, columns=["field", "value"])


def _xlsx(frame: pd.DataFrame, about: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name="data", index=False)
        about.to_excel(writer, sheet_name="about", index=False)
    return buffer.getvalue()


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists and other objects as text, so CSV and XLSX can hold them."""
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].map(lambda v: v.isoformat() if v else v)
        elif out[column].dtype == object:
            out[column] = out[column].map(_cell)
    return out


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.isoformat()
    if isinstance(value, dict):
        return json.dumps(value, default=str)
    return value


def _synthetic(frame: pd.DataFrame) -> bool:
    """True when rows are synthetic, or are about synthetic needs."""
    from tagraph.app import data

    if "synthetic" in frame.columns:
        return bool(frame["synthetic"].fillna(False).astype(bool).any())
    if "need" in frame.columns:
        return bool(data.synthetic_among(frame["need"].dropna()))
    return False


def export_buttons(
    frame: pd.DataFrame, stem: str, params: dict[str, Any] | None = None
) -> None:
    """Download buttons for what is shown, as CSV and as an XLSX workbook.

    A frame with synthetic rows, or rows about synthetic needs (a ``need``
    column), gets ``-with-synthetic`` in its file names, and the workbook an
    ``about`` sheet saying who exported what. The files are built when a
    button is clicked, not on every run of the page (a workbook of many
    thousand rows takes seconds).
    """
    if frame.empty:
        return
    name = stem + ("-with-synthetic" if _synthetic(frame) else "")
    about = _about(stem, params)
    left, right, _ = st.columns([1, 1, 6])
    left.download_button(
        "CSV",
        lambda: _cells(frame).to_csv(index=False).encode("utf-8"),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"csv_{stem}",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        "XLSX",
        lambda: _xlsx(_cells(frame), about),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx_{stem}",
        on_click="ignore",
        icon=":material/download:",
    )


# Result views --------------------------------------------------------------------


def show_table(
    frame: pd.DataFrame,
    stem: str,
    params: dict[str, Any] | None = None,
    *,
    empty: str = "Nothing to show for these filters.",
    height: int | str = "auto",
) -> None:
    """A table of rows with its export buttons (or a note when it is empty)."""
    if frame.empty:
        st.info(empty)
        return
    st.dataframe(_cells(frame), hide_index=True, height=height)
    export_buttons(frame, stem, params)


def bar_chart(
    frame: pd.DataFrame,
    x: str,
    y: str,
    *,
    colour: str | None = None,
    title: str | None = None,
    key: str | None = None,
) -> None:
    """A plotly bar chart of ``y`` against ``x``."""
    if frame.empty or x not in frame.columns or y not in frame.columns:
        return
    figure = px.bar(frame, x=x, y=y, color=colour, title=title)
    figure.update_layout(margin={"l": 10, "r": 10, "t": 40, "b": 10}, height=360)
    st.plotly_chart(figure, key=key, config={"displaylogo": False})


def numeric_columns(frame: pd.DataFrame) -> list[str]:
    """Columns holding numbers (booleans excluded)."""
    return [
        c
        for c in frame.columns
        if pd.api.types.is_numeric_dtype(frame[c])
        and not pd.api.types.is_bool_dtype(frame[c])
    ]


def text_columns(frame: pd.DataFrame) -> list[str]:
    """Columns holding text."""
    return [
        c
        for c in frame.columns
        if not pd.api.types.is_numeric_dtype(frame[c])
        and frame[c].map(lambda v: isinstance(v, str)).any()
    ]


def auto_chart(frame: pd.DataFrame, key: str) -> bool:
    """A bar chart of the first numeric column by the first text column.

    Returns False when the rows have nothing to chart.
    """
    numbers, texts = numeric_columns(frame), text_columns(frame)
    if frame.empty or not numbers or not texts:
        return False
    x, y = texts[0], numbers[0]
    top = frame.nlargest(40, y) if len(frame) > 40 else frame
    bar_chart(top, x, y, key=key)
    return True


def pick(options: Iterable[Any], *, fallback: Any = None) -> Any:
    """The first of ``options``, or ``fallback`` when there is none."""
    return next(iter(options), fallback)


def _figure(column: str, value: Any) -> str:
    """A key figure as text: shares and coverage as percentages."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        proportion = any(word in column for word in ("share", "ratio", "coverage"))
        if proportion and 0 <= value <= 1:
            return f"{float(value):.0%}"
        return f"{float(value):,.1f}"
    return str(value)


def metrics(frame: pd.DataFrame, labels: dict[str, str] | None = None) -> None:
    """The first row of ``frame`` as a row of key figures.

    With ``labels``, only those columns are shown, under those names.
    """
    if frame.empty:
        st.info("No figures yet: the graph holds no data.")
        return
    shown = [c for c in (labels or {}) if c in frame.columns] or list(frame.columns)
    slots = st.columns(len(shown))
    for slot, column in zip(slots, shown, strict=True):
        # By column, so a float elsewhere in the row does not turn counts
        # into floats.
        value = frame[column].iloc[0]
        label = (labels or {}).get(column, column.replace("_", " ").capitalize())
        slot.metric(label, _figure(column, value))


def lazy_tabs(labels: Sequence[str], key: str) -> list[Any]:
    """Tabs whose content is drawn only when chosen, the choice kept in the URL.

    Streamlit draws every tab's content on every run unless told otherwise;
    a table, a chart and a drawing of several hundred nodes together made a
    page take seconds in the browser. The chosen tab is the URL parameter
    ``key`` (its label), so a link opens the same tab. Draw a tab's content
    under ``if tab.open:``.
    """
    return list(st.tabs(list(labels), key=key, bind="query-params"))


def saved_view(
    name: str,
    params: dict[str, Any] | None = None,
    *,
    key: str,
    views: tuple[str, ...] = ("Table", "Chart", "Graph"),
    why: str | None = None,
) -> pd.DataFrame:
    """A saved query's result as a table, a chart and (for graphs) a drawing.

    Returns the rows shown, so the page can use them further.
    """
    from tagraph.app import data, graphview

    query = data.saved(name)
    frame = data.table(name, params)
    if why:
        st.caption(f"Why flagged: {why}")
    if query.result != "graph":
        views = tuple(v for v in views if v != "Graph")
    if len(views) > 1:
        tabs = lazy_tabs(views, f"v_{key}")
        shown = [tab.open for tab in tabs]
    else:
        tabs, shown = [st.container()], [True]
    for tab, view, open_ in zip(tabs, views, shown, strict=True):
        if not open_:
            continue
        with tab:
            if view == "Table":
                show_table(frame, f"{name}-{key}", params)
            elif view == "Chart" and not auto_chart(frame, key=f"chart_{key}"):
                st.caption("These rows have no numbers to chart.")
            elif view == "Graph":
                network = data.network(name, params)
                if network.number_of_nodes() == 0:
                    st.caption("Nothing to draw.")
                else:
                    st.caption(
                        f"{network.number_of_nodes()} nodes, "
                        f"{network.number_of_edges()} relationships"
                    )
                    graphview.show_graph(network)
    return frame
