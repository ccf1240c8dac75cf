"""Settings: one typed home for every option, its default and its variable.

Each setting is read from the environment when :func:`load_settings` is
called. A value that cannot be used raises :class:`~tagraph.errors.ConfigError`
naming the variable.

=========================  ======================  ==============================
Variable                   Default                 Meaning
=========================  ======================  ==============================
``TAGRAPH_HOME``           user data dir           data, logs and the local server
``TAGRAPH_CACHE``          user cache dir          the resolved Neo4j class path
``NEO4J_URI``              (local server)          another server, e.g. ``neo4j://``
``NEO4J_USERNAME``         ``neo4j``               user on that server
``NEO4J_PASSWORD``         (generated, local)      its password
``NEO4J_DATABASE``         ``neo4j``               database name
``TAGRAPH_BOLT_PORT``      ``7687``                local server's Bolt port
``TAGRAPH_NEO4J_VERSION``  ``5.26.30``             Neo4j Community release
``TAGRAPH_NEO4J_HEAP``     a quarter of memory     local server's Java heap
``TAGRAPH_NEO4J_PAGECACHE`` ``1g``                 local server's page cache
``TAGRAPH_QUERY_TIMEOUT``  ``30``                  seconds a saved query may run
``TAGRAPH_BATCH_SIZE``     ``2000``                rows per ``UNWIND`` batch
=========================  ======================  ==============================

The default heap is a quarter of the machine's memory, at least 2g and at
most 8g: a load is one transaction, and the server's transaction memory is a
share of its heap (the demo at scale 20 needs about 6g).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from tagraph.errors import ConfigError

NEO4J_VERSION = "5.26.30"
"""The Neo4j Community 5.26 LTS release the local server runs by default."""

_MEMORY = re.compile(r"^\d+[kmgKMG]?$")


@dataclass(frozen=True)
class Settings:
    """Every setting tagraph reads, resolved from the environment."""

    home: Path
    cache: Path
    neo4j_uri: str | None
    neo4j_username: str
    neo4j_password: str | None
    neo4j_database: str
    bolt_port: int
    neo4j_version: str
    neo4j_heap: str
    neo4j_pagecache: str
    query_timeout: float
    batch_size: int

    @property
    def uses_local_server(self) -> bool:
        """True when no ``NEO4J_URI`` is set and the local server is used."""
        return self.neo4j_uri is None

    @property
    def server_home(self) -> Path:
        """Folder of the local Neo4j server: configuration, data and logs."""
        return self.home / "neo4j"

    @property
    def password_file(self) -> Path:
        """File holding the local server's generated password (mode 0600)."""
        return self.server_home / "password"


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if value <= 0:
        raise ConfigError(f"{name}={raw!r} must be greater than zero")
    return value


def _positive_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number of seconds") from None
    if value <= 0:
        raise ConfigError(f"{name}={raw!r} must be greater than zero")
    return value


def default_heap() -> str:
    """A quarter of the machine's physical memory, between 2g and 8g."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return "2g"
    quarter = round(total / 4 / 2**30)
    return f"{min(max(quarter, 2), 8)}g"


def _memory(name: str, default: str) -> str:
    value = os.environ.get(name) or default
    if not _MEMORY.match(value):
        raise ConfigError(f"{name}={value!r} is not a memory size such as 512m or 2g")
    return value


def _uri(raw: str | None) -> str | None:
    if not raw:
        return None
    schemes = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://")
    if not raw.startswith(schemes):
        raise ConfigError(
            f"NEO4J_URI={raw!r} is not a Neo4j address; expected e.g. "
            "neo4j://host:7687 or neo4j+s://xxxx.databases.neo4j.io"
        )
    return raw


def load_settings() -> Settings:
    """Read every setting from the environment.

    Raises
    ------
    ConfigError
        When a variable holds a value that cannot be used; the message names it.
    """
    home = Path(os.environ.get("TAGRAPH_HOME") or platformdirs.user_data_dir("tagraph"))
    cache = Path(
        os.environ.get("TAGRAPH_CACHE") or platformdirs.user_cache_dir("tagraph")
    )
    port = _positive_int("TAGRAPH_BOLT_PORT", 7687)
    if port > 65535:
        raise ConfigError(f"TAGRAPH_BOLT_PORT={port} is not a TCP port (1-65535)")

    return Settings(
        home=home.expanduser(),
        cache=cache.expanduser(),
        neo4j_uri=_uri(os.environ.get("NEO4J_URI")),
        neo4j_username=os.environ.get("NEO4J_USERNAME") or "neo4j",
        neo4j_password=os.environ.get("NEO4J_PASSWORD") or None,
        neo4j_database=os.environ.get("NEO4J_DATABASE") or "neo4j",
        bolt_port=port,
        neo4j_version=os.environ.get("TAGRAPH_NEO4J_VERSION") or NEO4J_VERSION,
        neo4j_heap=_memory("TAGRAPH_NEO4J_HEAP", default_heap()),
        neo4j_pagecache=_memory("TAGRAPH_NEO4J_PAGECACHE", "1g"),
        query_timeout=_positive_float("TAGRAPH_QUERY_TIMEOUT", 30.0),
        batch_size=_positive_int("TAGRAPH_BATCH_SIZE", 2000),
    )
