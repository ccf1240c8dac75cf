"""Helpers for testing the explorer with Streamlit's ``AppTest``.

They open the real entry script as a given account and gather every piece of
text a page produced: element protos (plotly figures and graph drawings
included), table contents and the bytes of every download offered, so a test
can assert that something never appears anywhere.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from tagraph.app.cli import ENTRY_SCRIPT

DEFAULT_TIMEOUT = 60.0


def open_as(name: str, *, timeout: float = DEFAULT_TIMEOUT) -> AppTest:
    """The explorer, signed in as the account ``name`` (which must exist)."""
    app = AppTest.from_file(str(ENTRY_SCRIPT), default_timeout=timeout)
    app.session_state["tagraph_account"] = name
    app.session_state["tagraph_last_seen"] = time.time()
    return app


def page(app: AppTest, file: str, query: dict[str, Any] | None = None) -> AppTest:
    """Run ``app`` once, switch to the page script ``file`` and run it."""
    if not app._registered_pages:
        app.run()
    app.query_params.clear()
    app.query_params.update(query or {})
    app.switch_page(f"views/{file}")
    return app.run()


def _walk(node: Any) -> Iterator[Any]:
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)


def page_text(app: AppTest) -> str:
    """Every text the last run produced, as one string."""
    parts = []
    for node in _walk(app._tree):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        if type(node).__name__ == "Dataframe":
            parts.append(node.value.to_csv())
    return "\n".join(parts)


@contextmanager
def downloads() -> Iterator[list[bytes]]:
    """Record the bytes of every file a page offers for download meanwhile."""
    seen: list[bytes] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self: MemoryMediaFileStorage, path_or_data: Any, *args: Any, **kw: Any):
        if isinstance(path_or_data, bytes):
            seen.append(path_or_data)
        elif isinstance(path_or_data, str):
            seen.append(path_or_data.encode("utf-8"))
        return original(self, path_or_data, *args, **kw)

    MemoryMediaFileStorage.load_and_get_id = record  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        MemoryMediaFileStorage.load_and_get_id = original  # type: ignore[method-assign]
