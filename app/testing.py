"""Helpers for testing the explorer with Streamlit's ``AppTest``.

They open the real entry script as a given account and gather every piece of
text a page produced: element protos (plotly figures and graph drawings
included), table contents and the bytes of every download offered, so a test
can assert that something never appears anywhere.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from tagraph.app.cli import ENTRY_SCRIPT
from tagraph.app.users import Accounts

DEFAULT_TIMEOUT = 240.0
"""Seconds a run may take: generous, as the first run of each query on a
freshly started server waits for Neo4j to plan it, which on a busy machine
takes tens of seconds. It stops a hung page, it is not a speed check."""

ACCOUNTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "admin": ("administrator", ()),
    "analyst": ("analyst", ()),
    "focal": ("focal-point", ("KEN",)),
    "viewer": ("viewer", ()),
}
"""One account per role, name to role and States: the focal point is Kenya's."""

PASSWORD = "fixture passphrase"
"""The password of every account in :data:`ACCOUNTS`."""


@cache
def _components() -> BidiComponentManager:
    # AppTest scans every installed distribution for Streamlit components
    # once per instance (a second or more); the result is the same each time.
    manager = BidiComponentManager()
    manager.discover_and_register_components(start_file_watching=False)
    return manager


def write_accounts(
    path: Path, accounts: Mapping[str, tuple[str, Iterable[str]]], password: str
) -> Path:
    """An accounts file at ``path``: each name with its role and States.

    Every account gets ``password``. Hashing is slow on purpose, so tests
    write the file once and copy it.
    """
    made = Accounts(path)
    for name, (role, states) in accounts.items():
        made.add(name, role, password, states)
    return path


def signed_out(*, timeout: float = DEFAULT_TIMEOUT) -> AppTest:
    """The explorer before anyone has signed in (not run yet)."""
    app = AppTest.from_file(str(ENTRY_SCRIPT), default_timeout=timeout)
    app._bidi_component_manager = _components()
    return app


def open_as(name: str, *, timeout: float = DEFAULT_TIMEOUT) -> AppTest:
    """The explorer, signed in as the account ``name`` (which must exist)."""
    app = signed_out(timeout=timeout)
    app.session_state["tagraph_account"] = name
    app.session_state["tagraph_last_seen"] = time.time()
    return app


def page(app: AppTest, file: str, query: dict[str, Any] | None = None) -> AppTest:
    """Open the page script ``file`` with the URL query ``query`` and run it.

    The pages are registered under their file names, so the page is opened
    straight away, without first running the default page. Raises
    AssertionError when another page ran instead (one the account may not
    open falls back to the default page), so a check on the page's content
    cannot pass by looking at the wrong page.
    """
    app.query_params.clear()
    app.query_params.update(query or {})
    app.switch_page(f"views/{file}")
    app.run()

    target = (Path(ENTRY_SCRIPT).parent / "views" / file).resolve()
    ran = app._registered_pages.get(app._finished_page_script_hash, {})
    script = ran.get("script_path")
    assert script and Path(str(script)).resolve() == target, (
        f"asked for {file}, but {script or 'no page'} ran"
    )
    return app


def no_errors(app: AppTest) -> None:
    """Fail when the last run raised an exception or showed an error."""
    assert not app.exception, [e.message for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def _walk(node: Any) -> Iterator[Any]:
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)


def _typed_echo(node: Any, typed: Mapping[str, Any]) -> bool:
    """True when ``node`` is a text box showing back what the URL typed in it."""
    if type(node).__name__ not in ("TextInput", "TextArea"):
        return False
    return node.key in typed and node.proto.value == str(typed[node.key])


def page_text(app: AppTest, typed: Mapping[str, Any] | None = None) -> str:
    """Every text the last run produced, as one string.

    ``typed`` maps URL names to the values a test put in the URL: a text box
    of that name showing exactly that value back leaves its value out (the
    user's own words, not something read from the graph); everything else
    about the box, and every other element, is kept.
    """
    parts = []
    for node in _walk(app._tree):
        proto = getattr(node, "proto", None)
        if proto is not None and typed and _typed_echo(node, typed):
            proto = type(proto).FromString(proto.SerializeToString())
            proto.ClearField("value")
        if proto is not None:
            parts.append(str(proto))
        if type(node).__name__ == "Dataframe":
            parts.append(node.value.to_csv())
    return "\n".join(parts)


def _as_bytes(content: Any) -> bytes:
    if hasattr(content, "read"):
        content = content.read()
    return content.encode("utf-8") if isinstance(content, str) else bytes(content)


@contextmanager
def downloads() -> Iterator[list[bytes]]:
    """Record the bytes of every file a page offers for download meanwhile.

    A download built only when its button is clicked is built at once here,
    so its content is checked like any other.
    """
    seen: list[bytes] = []
    eager = MemoryMediaFileStorage.load_and_get_id
    deferred = MediaFileManager.add_deferred

    def record(self: MemoryMediaFileStorage, path_or_data: Any, *args: Any, **kw: Any):
        if isinstance(path_or_data, bytes | str):
            seen.append(_as_bytes(path_or_data))
        return eager(self, path_or_data, *args, **kw)

    def build(self: MediaFileManager, data: Callable[[], Any], *args: Any, **kw: Any):
        seen.append(_as_bytes(data()))
        return deferred(self, data, *args, **kw)

    MemoryMediaFileStorage.load_and_get_id = record  # type: ignore[method-assign]
    MediaFileManager.add_deferred = build  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        MemoryMediaFileStorage.load_and_get_id = eager  # type: ignore[method-assign]
        MediaFileManager.add_deferred = deferred  # type: ignore[method-assign]
