"""The explorer's settings: where accounts live, and how long things last.

====================================  ====================  ============================
Variable                              Default               Meaning
====================================  ====================  ============================
``TAGRAPH_ACCOUNTS``                  ``$TAGRAPH_HOME/``    the accounts file (0600)
                                      ``accounts.json``
``TAGRAPH_IDLE_MINUTES``              ``30``                idle minutes before a
                                                            session is signed out
``TAGRAPH_SIGNIN_ATTEMPTS``           ``5``                 failed sign-ins allowed per
                                                            account per window
``TAGRAPH_SIGNIN_ADDRESS_ATTEMPTS``   ``20``                failed sign-ins allowed per
                                                            client address per window,
                                                            whatever the names tried
``TAGRAPH_SIGNIN_WINDOW``             ``15``                that window, in minutes
``TAGRAPH_APP_CACHE_SECONDS``         ``300``               how long a query result
                                                            stays cached
``TAGRAPH_CONSOLE_ROWS``              ``1000``              rows the Cypher console
                                                            shows at most
====================================  ====================  ============================

The database settings (``NEO4J_URI`` and the rest) are those of
:mod:`tagraph.config`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tagraph.config import load_settings
from tagraph.errors import ConfigError


@dataclass(frozen=True)
class AppSettings:
    """Every setting the explorer reads, resolved from the environment."""

    accounts_file: Path
    idle_minutes: float
    signin_attempts: int
    signin_address_attempts: int
    signin_window_minutes: float
    cache_seconds: float
    console_rows: int


def _number(name: str, default: float, *, whole: bool = False) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise ConfigError(f"{name}={raw!r} is not {kind}") from None
    if value <= 0:
        raise ConfigError(f"{name}={raw!r} must be greater than zero")
    return value


def load_app_settings() -> AppSettings:
    """Read the explorer's settings from the environment.

    Raises
    ------
    ConfigError
        When a variable holds a value that cannot be used; the message names it.
    """
    home = load_settings().home
    accounts = os.environ.get("TAGRAPH_ACCOUNTS") or str(home / "accounts.json")
    return AppSettings(
        accounts_file=Path(accounts).expanduser(),
        idle_minutes=_number("TAGRAPH_IDLE_MINUTES", 30.0),
        signin_attempts=int(_number("TAGRAPH_SIGNIN_ATTEMPTS", 5, whole=True)),
        signin_address_attempts=int(
            _number("TAGRAPH_SIGNIN_ADDRESS_ATTEMPTS", 20, whole=True)
        ),
        signin_window_minutes=_number("TAGRAPH_SIGNIN_WINDOW", 15.0),
        cache_seconds=_number("TAGRAPH_APP_CACHE_SECONDS", 300.0),
        console_rows=int(_number("TAGRAPH_CONSOLE_ROWS", 1000, whole=True)),
    )
