"""Local accounts: hashing, roles, the sign-in limit and the ``users`` commands."""

from __future__ import annotations

import json
import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tagraph.access import Viewer
from tagraph.app.users import (
    DEMO_ACCOUNTS,
    AccountError,
    AccountLocked,
    Accounts,
    SignInFailed,
    ensure_demo_accounts,
)
from tagraph.cli import app as cli_app
from tagraph.errors import NotFound

PASSWORD = "correct horse battery"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def accounts(tmp_path: Path) -> Accounts:
    return Accounts(tmp_path / "home" / "accounts.json", clock=Clock())


def test_password_is_hashed_and_file_private(accounts: Accounts) -> None:
    accounts.add("amina", "focal-point", PASSWORD, states=["ken", "SOM"])

    text = accounts.path.read_text()
    assert PASSWORD not in text
    entry = json.loads(text)["accounts"]["amina"]
    assert entry["password"].startswith("$argon2id$")
    assert stat.S_IMODE(accounts.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(accounts.path.parent.stat().st_mode) == 0o700

    viewer = accounts.sign_in("amina", PASSWORD).viewer()
    assert viewer == Viewer("amina", "focal-point", frozenset({"KEN", "SOM"}))
    assert viewer.parameters() == {
        "access_all": False,
        "access_states": ["KEN", "SOM"],
    }


def test_wrong_password_and_unknown_name_say_the_same(accounts: Accounts) -> None:
    accounts.add("amina", "viewer", PASSWORD)

    with pytest.raises(SignInFailed) as wrong:
        accounts.sign_in("amina", "not the password")
    with pytest.raises(SignInFailed) as unknown:
        accounts.sign_in("nobody", PASSWORD)

    assert str(wrong.value) == str(unknown.value) == "wrong name or password"


def test_failed_sign_ins_lock_the_account_for_the_window(accounts: Accounts) -> None:
    accounts.add("amina", "analyst", PASSWORD)
    clock = accounts.clock
    assert isinstance(clock, Clock)

    for _ in range(5):
        with pytest.raises(SignInFailed):
            accounts.sign_in("amina", "guess")
    with pytest.raises(AccountLocked) as locked:
        accounts.sign_in("amina", PASSWORD)
    assert "try again in about 15 minutes" in str(locked.value)

    # The counter lives in the file: a new Accounts object (a restart) sees it.
    again = Accounts(accounts.path, clock=clock)
    with pytest.raises(AccountLocked):
        again.sign_in("amina", PASSWORD)

    clock.now += 15 * 60 + 1
    assert again.sign_in("amina", PASSWORD).role == "analyst"


def test_success_clears_earlier_failures(accounts: Accounts) -> None:
    accounts.add("amina", "analyst", PASSWORD)
    for _ in range(4):
        with pytest.raises(SignInFailed):
            accounts.sign_in("amina", "guess")
    accounts.sign_in("amina", PASSWORD)
    for _ in range(4):
        with pytest.raises(SignInFailed):
            accounts.sign_in("amina", "guess")
    assert accounts.sign_in("amina", PASSWORD).name == "amina"


def test_set_password_lifts_the_lock(accounts: Accounts) -> None:
    accounts.add("amina", "analyst", PASSWORD)
    for _ in range(5):
        with pytest.raises(SignInFailed):
            accounts.sign_in("amina", "guess")

    accounts.set_password("amina", "another passphrase")

    assert accounts.sign_in("amina", "another passphrase").name == "amina"
    with pytest.raises(SignInFailed):
        accounts.sign_in("amina", PASSWORD)


@pytest.mark.parametrize(
    ("name", "role", "states", "message"),
    [
        ("Amina", "viewer", [], "not allowed"),
        ("amina", "superuser", [], "role 'superuser' is unknown"),
        ("amina", "focal-point", [], "needs at least one State"),
        ("amina", "focal-point", ["KENYA"], "KENYA is not an ISO 3166 alpha-3"),
        ("amina", "viewer", ["KEN"], "only focal points have States"),
    ],
)
def test_bad_accounts_are_refused(
    accounts: Accounts, name: str, role: str, states: list[str], message: str
) -> None:
    with pytest.raises(AccountError, match=message):
        accounts.add(name, role, PASSWORD, states)
    assert accounts.list() == []


def test_short_password_and_duplicate_name_are_refused(accounts: Accounts) -> None:
    with pytest.raises(AccountError, match="at least 8 characters"):
        accounts.add("amina", "viewer", "short")
    accounts.add("amina", "viewer", PASSWORD)
    with pytest.raises(AccountError, match="exists already"):
        accounts.add("amina", "analyst", PASSWORD)
    with pytest.raises(NotFound, match="no account called 'omar'"):
        accounts.remove("omar")


def test_demo_accounts_are_made_once(accounts: Accounts) -> None:
    created = ensure_demo_accounts(accounts)

    assert [(name, role) for name, role, _ in created] == [
        (name, role) for name, role, _ in DEMO_ACCOUNTS
    ]
    for name, _role, password in created:
        assert accounts.sign_in(name, password).name == name
    assert accounts.get("demo-focal-ken").states == frozenset({"KEN"})
    assert ensure_demo_accounts(accounts) == []


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "accounts.json"
    monkeypatch.setenv("TAGRAPH_ACCOUNTS", str(path))

    # The command line points tagraph's log at the runner's captured stderr,
    # which is closed afterwards; later log lines would fail to print there.
    tagraph_log = logging.getLogger("tagraph")
    saved = tagraph_log.handlers[:], tagraph_log.level, tagraph_log.propagate
    yield path
    tagraph_log.handlers[:], tagraph_log.level, tagraph_log.propagate = saved


def test_users_commands(cli_env: Path) -> None:
    runner = CliRunner()

    added = runner.invoke(
        cli_app,
        [
            *("users", "add", "amina", "--role", "focal-point"),
            *("--state", "KEN", "--password-stdin"),
        ],
        input=PASSWORD + "\n",
    )
    assert added.exit_code == 0, added.output
    assert "added amina (focal-point for KEN)" in added.output

    listed = runner.invoke(cli_app, ["users", "list"])
    assert listed.exit_code == 0
    assert "amina\tfocal-point\tKEN" in listed.output
    assert "argon2" not in listed.output and PASSWORD not in listed.output

    changed = runner.invoke(
        cli_app,
        ["users", "set-password", "amina", "--password-stdin"],
        input="a brand new passphrase\n",
    )
    assert changed.exit_code == 0
    assert Accounts(cli_env).sign_in("amina", "a brand new passphrase")

    removed = runner.invoke(cli_app, ["users", "remove", "amina"])
    assert removed.exit_code == 0
    assert Accounts(cli_env).list() == []


def test_demo_accounts_command_prints_passwords_once(cli_env: Path) -> None:
    runner = CliRunner()

    first = runner.invoke(cli_app, ["demo-accounts"])
    second = runner.invoke(cli_app, ["demo-accounts"])

    assert first.exit_code == 0 and second.exit_code == 0
    lines = [line for line in first.output.splitlines() if "password " in line]
    assert len(lines) == len(DEMO_ACCOUNTS)
    name, password = lines[2].split()[2], lines[2].split()[4]
    assert name == "demo-focal-ken"
    assert Accounts(cli_env).sign_in(name, password).states == frozenset({"KEN"})
    assert "exist already" in second.output
    assert password not in second.output
