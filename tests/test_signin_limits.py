"""The limit on failed sign-ins per client address, next to the one per account.

Most tests drive :class:`~tagraph.app.users.Accounts` with a clock they move by
hand; the last one drives the sign-in form under Streamlit's ``AppTest``.
"""

from __future__ import annotations

import json
import logging
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st

from tagraph.app import session, testing
from tagraph.app.users import (
    AccountLocked,
    Accounts,
    AddressLocked,
    SignInFailed,
    address_key,
)
from tagraph.errors import ConfigError
from tagraph.graph.connection import Graph

PASSWORD = "correct horse battery"
LIMIT = 4
"""Failed sign-ins allowed per address in these tests (the account allows 5)."""
WINDOW = 15 * 60.0
HERE = "203.0.113.7"
THERE = "198.51.100.20"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class CountingHasher:
    """A password hasher that counts the passwords it is asked to verify."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.verified = 0

    def verify(self, digest: str, password: str) -> bool:
        self.verified += 1
        return self.real.verify(digest, password)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two accounts, amina and omar, hashed once for the module."""
    path = tmp_path_factory.mktemp("template") / "accounts.json"
    made = Accounts(path)
    made.add("amina", "analyst", PASSWORD)
    made.add("omar", "viewer", PASSWORD)
    return path


@pytest.fixture
def limited(template: Path, tmp_path: Path) -> Accounts:
    """A copy of the template allowing 4 failures per address, on a hand clock."""
    folder = tmp_path / "home"
    folder.mkdir(mode=0o700)
    path = folder / "accounts.json"
    shutil.copy2(template, path)
    return Accounts(path, address_attempts=LIMIT, window=WINDOW, clock=Clock())


def _clock(limited: Accounts) -> Clock:
    assert isinstance(limited.clock, Clock)
    return limited.clock


def _stored(limited: Accounts) -> dict[str, list[float]]:
    return json.loads(limited.path.read_text())["addresses"]


def _fail(limited: Accounts, names: list[str], address: str | None) -> None:
    for name in names:
        with pytest.raises(SignInFailed):
            limited.sign_in(name, "a wrong guess", address)


@pytest.mark.parametrize(
    "names",
    [
        ["amina", "omar", "amina", "omar"],
        ["nobody", "no-one", "ghost", "stranger"],
        ["amina", "nobody", "omar", "ghost"],
    ],
    ids=["existing", "unknown", "mixed"],
)
def test_address_is_locked_after_failures_over_many_names(
    limited: Accounts, names: list[str]
) -> None:
    _fail(limited, names, HERE)

    with pytest.raises(AddressLocked) as known:
        limited.sign_in("amina", PASSWORD, HERE)
    with pytest.raises(AddressLocked) as unknown:
        limited.sign_in("somebody-else", PASSWORD, HERE)

    message = "too many failed sign-ins from this address; try again in about 15"
    assert str(known.value) == str(unknown.value)
    assert str(known.value).startswith(message)
    assert "amina" not in str(known.value)
    assert _stored(limited) == {HERE: [_clock(limited).now] * LIMIT}


def test_a_locked_address_checks_no_password(limited: Accounts) -> None:
    hasher = CountingHasher(limited.hasher)
    limited.hasher = hasher  # type: ignore[assignment]
    _fail(limited, ["amina", "nobody", "omar", "ghost"], HERE)
    assert hasher.verified == LIMIT, "each failure checked one password"

    for name in ("amina", "nobody"):
        with pytest.raises(AddressLocked):
            limited.sign_in(name, PASSWORD, HERE)

    assert hasher.verified == LIMIT
    assert len(_stored(limited)[HERE]) == LIMIT, "refusals are not counted"


def test_another_address_is_unaffected(limited: Accounts) -> None:
    _fail(limited, ["amina", "omar", "nobody", "ghost"], HERE)

    assert limited.sign_in("amina", PASSWORD, THERE).name == "amina"
    _fail(limited, ["omar"], THERE)
    assert limited.sign_in("omar", PASSWORD, None).name == "omar"
    with pytest.raises(AddressLocked):
        limited.sign_in("omar", PASSWORD, HERE)

    assert sorted(_stored(limited)) == [THERE, HERE]
    assert len(_stored(limited)[THERE]) == 1


def test_the_lock_ends_after_the_window(limited: Accounts) -> None:
    clock = _clock(limited)
    _fail(limited, ["amina", "omar", "nobody", "ghost"], HERE)

    clock.now += WINDOW - 90
    with pytest.raises(AddressLocked, match="try again in about 2 minutes"):
        limited.sign_in("amina", PASSWORD, HERE)

    # Restarting the app changes nothing: the count lives in the file.
    restarted = Accounts(
        limited.path, address_attempts=LIMIT, window=WINDOW, clock=clock
    )
    with pytest.raises(AddressLocked):
        restarted.sign_in("amina", PASSWORD, HERE)

    clock.now += 91
    assert restarted.sign_in("amina", PASSWORD, HERE).name == "amina"


def test_success_does_not_clear_the_address(limited: Accounts) -> None:
    _fail(limited, ["omar", "nobody", "ghost"], HERE)

    assert limited.sign_in("amina", PASSWORD, HERE).name == "amina"
    _fail(limited, ["omar"], HERE)

    with pytest.raises(AddressLocked):
        limited.sign_in("amina", PASSWORD, HERE)


def test_a_locked_account_counts_against_the_address(limited: Accounts) -> None:
    _fail(limited, ["amina"] * 5, None)

    for _ in range(LIMIT):
        with pytest.raises(AccountLocked):
            limited.sign_in("amina", PASSWORD, HERE)

    with pytest.raises(AddressLocked):
        limited.sign_in("omar", PASSWORD, HERE)


def test_without_an_address_only_the_account_limit_applies(
    limited: Accounts,
) -> None:
    _fail(limited, ["nobody", "ghost", "stranger", "omar", "no-one"], None)
    assert limited.sign_in("amina", PASSWORD, None).name == "amina"
    assert _stored(limited) == {}

    _fail(limited, ["amina"] * 5, None)
    with pytest.raises(AccountLocked):
        limited.sign_in("amina", PASSWORD, None)


def test_file_stays_private_and_old_counts_are_dropped(limited: Accounts) -> None:
    clock = _clock(limited)
    addresses = [f"192.0.2.{n}" for n in range(1, 6)]
    for address in addresses:
        _fail(limited, ["nobody"], address)
    assert sorted(_stored(limited)) == sorted(addresses)
    assert stat.S_IMODE(limited.path.stat().st_mode) == 0o600

    clock.now += WINDOW / 2
    _fail(limited, ["nobody"], HERE)
    clock.now += WINDOW / 2
    limited.sign_in("amina", PASSWORD, None)

    assert _stored(limited) == {HERE: [clock.now - WINDOW / 2]}
    assert stat.S_IMODE(limited.path.stat().st_mode) == 0o600
    assert PASSWORD not in limited.path.read_text()


def test_ipv6_addresses_count_by_their_network(limited: Accounts) -> None:
    _fail(limited, ["nobody"] * LIMIT, "2001:db8:1:2::1")

    with pytest.raises(AddressLocked):
        limited.sign_in("amina", PASSWORD, "2001:db8:1:2:ffff::9")
    assert limited.sign_in("amina", PASSWORD, "2001:db8:1:3::1").name == "amina"
    assert list(_stored(limited)) == ["2001:db8:1:2::/64"]


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        (" 203.0.113.7 ", "203.0.113.7"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("2001:DB8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
        ("fe80::1%eth0", "fe80::/64"),
        ("not an address", "not an address"),
        ("x" * 100, "x" * 64),
    ],
)
def test_address_key(address: str, key: str) -> None:
    assert address_key(address) == key


def test_refusals_are_logged_without_passwords(
    limited: Accounts, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tagraph.access")

    _fail(limited, ["amina", "nobody", "omar", "ghost"], HERE)
    with pytest.raises(AddressLocked):
        limited.sign_in("amina", PASSWORD, HERE)

    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert [r.getMessage() for r in warnings] == [
        f"sign-ins from {HERE} refused: {LIMIT} failures within 15 minutes; "
        "it may try again as those failures grow older than that"
    ]
    refused = [r.getMessage() for r in caplog.records if "refused for" in r.msg]
    assert len(refused) == LIMIT + 1
    assert f"refused for 'amina' from {HERE}: too many failed" in refused[-1]
    assert PASSWORD not in caplog.text and "a wrong guess" not in caplog.text


def test_the_address_limit_is_a_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAGRAPH_ACCOUNTS", str(tmp_path / "accounts.json"))
    monkeypatch.setenv("TAGRAPH_SIGNIN_ADDRESS_ATTEMPTS", "7")
    monkeypatch.setenv("TAGRAPH_SIGNIN_WINDOW", "2")

    configured = Accounts.configured()
    assert (configured.address_attempts, configured.window) == (7, 120.0)

    monkeypatch.delenv("TAGRAPH_SIGNIN_ADDRESS_ATTEMPTS")
    assert Accounts.configured().address_attempts == 20

    monkeypatch.setenv("TAGRAPH_SIGNIN_ADDRESS_ATTEMPTS", "many")
    with pytest.raises(ConfigError, match="TAGRAPH_SIGNIN_ADDRESS_ATTEMPTS"):
        Accounts.configured()


# The sign-in form --------------------------------------------------------------


class Browser:
    """Where the sign-in form believes the browser connects from.

    Streamlit's ``AppTest`` cannot set ``st.context.ip_address`` (its
    ``context`` takes timezone, locale, url, theme and the like only), so the
    test replaces the one function of the session module that reads it.
    """

    def __init__(self, address: str | None) -> None:
        self.address = address

    def __call__(self) -> str | None:
        return self.address


@pytest.fixture
def empty(graph: Graph) -> Iterator[Graph]:
    """An empty database, and no results cached from earlier tests."""
    st.cache_data.clear()
    yield graph
    st.cache_data.clear()


def test_sign_in_form_limits_the_address(
    empty: Graph, accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAGRAPH_SIGNIN_ADDRESS_ATTEMPTS", "3")
    browser = Browser(HERE)
    monkeypatch.setattr(session, "client_address", browser)
    app = testing.signed_out().run()

    def sign_in(name: str, password: str) -> list[str]:
        app.text_input(key="signin_name").input(name)
        app.text_input(key="signin_password").input(password)
        app.button[0].click().run()
        return [e.value for e in app.error]

    for name in ("viewer", "nobody", "analyst"):
        assert sign_in(name, "guess guess") == ["wrong name or password"]
    [refusal] = sign_in("analyst", testing.PASSWORD)
    assert refusal.startswith("too many failed sign-ins from this address")
    assert not app.sidebar.caption
    stored = json.loads(accounts.path.read_text())["addresses"]
    assert list(stored) == [HERE] and len(stored[HERE]) == 3

    browser.address = THERE
    assert sign_in("analyst", testing.PASSWORD) == []
    assert "Signed in as **analyst** (analyst)" in app.sidebar.caption[0].value
