"""Local accounts of the explorer: who may sign in, with which role and States.

Accounts live in one JSON file (``TAGRAPH_ACCOUNTS``, by default
``$TAGRAPH_HOME/accounts.json``), readable by its owner only (mode 0600).
They are kept out of Neo4j on purpose: the graph holds the data that analysts
query, and the read-only Cypher console must not be able to reach password
hashes; the test database also stays empty.

Passwords are hashed with argon2id (argon2-cffi) and never stored or logged in
clear. Failed sign-ins are counted per account in the same file, so a restart
does not reset them: after ``TAGRAPH_SIGNIN_ATTEMPTS`` failures within
``TAGRAPH_SIGNIN_WINDOW`` minutes the account refuses every password until the
window has passed.

Failed sign-ins are also counted per client address, whatever the names tried
(unknown ones included), so one client trying a few passwords on many accounts
is slowed down as well: after ``TAGRAPH_SIGNIN_ADDRESS_ATTEMPTS`` failures
within the same window the address is refused before any name or password is
looked at, with a message that says nothing about the account. The counts sit
in the accounts file under their own key, ``addresses``: every app process
then shares them, and the address and the account are checked and counted
under one lock, in one atomic write. Counts older than the window are dropped
at every sign-in, so the file holds at most the addresses that failed lately.
A successful sign-in clears the account's failures but not the address's:
otherwise anyone holding one valid account could reset their address's count
between guesses at other accounts. An IPv6 address is counted with its /64
network (see :func:`address_key`).

Examples
--------
>>> accounts = Accounts(Path("/tmp/accounts.json"))       # doctest: +SKIP
>>> accounts.add("amina", "focal-point", "a long passphrase", states=["KEN"])
>>> accounts.sign_in("amina", "a long passphrase").viewer()
Viewer(name='amina', role='focal-point', states=frozenset({'KEN'}))
"""

from __future__ import annotations

import fcntl
import ipaddress
import json
import logging
import os
import re
import secrets
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from tagraph.access import ROLES, Role, Viewer
from tagraph.app.settings import load_app_settings
from tagraph.errors import AccessDenied, NotFound, TagraphError

log = logging.getLogger("tagraph.access")

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
MIN_PASSWORD = 8
"""Fewest characters a password may have."""


class AccountError(TagraphError):
    """An account cannot be created or changed as asked (bad name, role, State)."""


class SignInFailed(AccessDenied):
    """The name or the password is wrong (which one is not said)."""


def _about(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return f"about {minutes} minute{'s' if minutes != 1 else ''}"


class AccountLocked(AccessDenied):
    """Too many failed sign-ins: the account refuses passwords for a while."""

    def __init__(self, name: str, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            f"too many failed sign-ins for {name!r}; try again in {_about(seconds)}"
        )


class AddressLocked(AccessDenied):
    """Too many failed sign-ins from one address: it is refused for a while."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            "too many failed sign-ins from this address; try again in "
            f"{_about(seconds)}"
        )


@dataclass(frozen=True)
class Account:
    """One person who may sign in to the explorer."""

    name: str
    role: Role
    states: frozenset[str]
    created: str

    def viewer(self) -> Viewer:
        """The :class:`~tagraph.access.Viewer` every query of this account gets."""
        return Viewer(self.name, self.role, self.states)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_name(name: str) -> str:
    """Return ``name`` if it can name an account, else raise AccountError."""
    if not _NAME.match(name):
        raise AccountError(
            f"account name {name!r} is not allowed; use 2 to 64 lower-case "
            "letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    return name


def check_role(role: str, states: Iterable[str]) -> tuple[Role, frozenset[str]]:
    """Validate a role and its States; return them normalised."""
    if role not in ROLES:
        raise AccountError(f"role {role!r} is unknown; expected one of {ROLES}")
    codes = frozenset(code.strip().upper() for code in states)
    bad = sorted(code for code in codes if not _ISO3.match(code))
    if bad:
        raise AccountError(
            f"{', '.join(bad)} is not an ISO 3166 alpha-3 code such as KEN"
        )
    if role == "focal-point" and not codes:
        raise AccountError("a focal point needs at least one State: --state ISO3")
    if role != "focal-point" and codes:
        raise AccountError(
            f"only focal points have States; a {role} sees "
            + (
                "every State"
                if role in ("administrator", "analyst")
                else "public facts"
            )
        )
    return role, codes  # type: ignore[return-value]


def check_password(password: str) -> str:
    """Return ``password`` if it is long enough, else raise AccountError."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    return password


def address_key(address: str) -> str:
    """The key under which failed sign-ins from ``address`` are counted.

    An IPv4 address counts alone. An IPv6 address counts with its /64
    network, the block one client is usually given, so stepping through the
    addresses of that block does not escape the limit; an IPv4 address
    written as IPv6 (``::ffff:203.0.113.7``) counts as the IPv4 one. Anything
    that is not an IP address is kept as it is, cut to 64 characters.

    Examples
    --------
    >>> address_key("2001:db8:1:2:aaaa::7")
    '2001:db8:1:2::/64'
    >>> address_key("::ffff:203.0.113.7")
    '203.0.113.7'
    """
    text = address.strip()
    try:
        parsed = ipaddress.ip_address(text)
    except ValueError:
        return text[:64]

    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        network = ipaddress.IPv6Network((int(parsed), 64), strict=False)
        return str(network)
    return str(parsed)


class Accounts:
    """The accounts file: add, remove, list accounts and check sign-ins.

    Parameters
    ----------
    path
        The JSON file; created with mode 0600 (its folder 0700) on first write.
    attempts
        Failed sign-ins allowed per account within ``window`` seconds.
    window
        Seconds over which failures are counted, and how long a lock lasts.
    address_attempts
        Failed sign-ins allowed per client address within ``window``
        seconds, whatever the account names tried.
    clock
        Returns the time in seconds; tests pass their own.
    """

    def __init__(
        self,
        path: Path,
        *,
        attempts: int = 5,
        window: float = 900.0,
        address_attempts: int = 20,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path)
        self.attempts = attempts
        self.window = window
        self.address_attempts = address_attempts
        self.clock = clock
        self.hasher = PasswordHasher()

    @classmethod
    def configured(cls) -> Accounts:
        """The accounts file named by the settings (``TAGRAPH_ACCOUNTS``)."""
        settings = load_app_settings()
        return cls(
            settings.accounts_file,
            attempts=settings.signin_attempts,
            window=settings.signin_window_minutes * 60,
            address_attempts=settings.signin_address_attempts,
        )

    # Storage ---------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[dict[str, Any]]:
        """Hold the file's lock, yield its content, and write it back."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock_path = self.path.with_name(self.path.name + ".lock")
        with open(lock_path, "a") as lock:
            os.chmod(lock_path, 0o600)
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                content = self._read()
                yield content
                self._write(content)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _read(self) -> dict[str, Any]:
        if not self.path.exists():
            return {"version": 1, "accounts": {}}
        try:
            content = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise AccountError(
                f"cannot read the accounts file {self.path}: {error}"
            ) from None
        if not isinstance(content, dict) or "accounts" not in content:
            raise AccountError(f"{self.path} is not a tagraph accounts file")
        return content

    def _write(self, content: dict[str, Any]) -> None:
        handle, temporary = tempfile.mkstemp(
            dir=self.path.parent, prefix=".accounts-", suffix=".json"
        )
        try:
            os.fchmod(handle, 0o600)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(content, out, indent=1, sort_keys=True)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @staticmethod
    def _account(name: str, entry: dict[str, Any]) -> Account:
        return Account(
            name, entry["role"], frozenset(entry.get("states", ())), entry["created"]
        )

    # Management ------------------------------------------------------------

    def list(self) -> list[Account]:
        """Every account, by name."""
        entries = self._read()["accounts"]
        return [self._account(name, entries[name]) for name in sorted(entries)]

    def get(self, name: str) -> Account:
        """The account called ``name``; NotFound if there is none."""
        entry = self._read()["accounts"].get(name)
        if entry is None:
            raise NotFound(f"no account called {name!r}; see 'tagraph users list'")
        return self._account(name, entry)

    def exists(self, name: str) -> bool:
        """True when an account called ``name`` exists."""
        return name in self._read()["accounts"]

    def add(
        self, name: str, role: str, password: str, states: Iterable[str] = ()
    ) -> Account:
        """Create an account; AccountError if the name is taken or input is bad."""
        check_name(name)
        role, codes = check_role(role, states)
        digest = self.hasher.hash(check_password(password))

        with self._locked() as content:
            if name in content["accounts"]:
                raise AccountError(
                    f"an account called {name!r} exists already; use "
                    "'tagraph users set-password' or remove it first"
                )
            content["accounts"][name] = {
                "role": role,
                "states": sorted(codes),
                "password": digest,
                "created": _now(),
                "failures": [],
            }
        log.info("account %s added with role %s", name, role)
        return Account(name, role, codes, content["accounts"][name]["created"])

    def remove(self, name: str) -> None:
        """Delete an account; NotFound if there is none."""
        with self._locked() as content:
            if content["accounts"].pop(name, None) is None:
                raise NotFound(f"no account called {name!r}; see 'tagraph users list'")
        log.info("account %s removed", name)

    def set_password(self, name: str, password: str) -> None:
        """Give an account a new password and clear its failed sign-ins."""
        digest = self.hasher.hash(check_password(password))
        with self._locked() as content:
            entry = content["accounts"].get(name)
            if entry is None:
                raise NotFound(f"no account called {name!r}; see 'tagraph users list'")
            entry["password"] = digest
            entry["failures"] = []
            entry["changed"] = _now()
        log.info("password of account %s changed", name)

    # Signing in --------------------------------------------------------------

    def sign_in(self, name: str, password: str, address: str | None = None) -> Account:
        """Check a name and password and return the account.

        Parameters
        ----------
        name, password
            What was typed in the sign-in form.
        address
            The client's IP address, or None when it is not known; only the
            account's own limit applies then.

        Raises
        ------
        AddressLocked
            When ``address`` has had too many failures lately, whatever the
            names tried; neither the name nor the password is checked.
        AccountLocked
            When the account has had too many failures lately; the password
            is not even checked.
        SignInFailed
            When the name or the password is wrong.
        """
        now = self.clock()
        key = address_key(address) if address else None
        entry: Any = None
        with self._locked() as content:
            by_address = self._recent_by_address(content, now)
            failures = by_address.get(key, []) if key else []
            refusal = self._check_address(failures, now)
            if refusal is None:
                entry = content["accounts"].get(name)
                refusal = self._check_account(name, entry, password, now)
                if refusal is not None and key is not None:
                    self._count_address_failure(by_address, key, now)

        where = key or "an unknown address"
        if refusal is not None:
            log.info("sign-in refused for %r from %s: %s", name, where, refusal)
            raise refusal
        log.info("account %s signed in from %s", name, where)
        return self._account(name, entry)

    def _recent_by_address(
        self, content: dict[str, Any], now: float
    ) -> dict[str, list[float]]:
        """Failures per address within the window; older ones are dropped."""
        stored = content.setdefault("addresses", {})
        if not isinstance(stored, dict):
            raise AccountError(
                f"{self.path}: 'addresses' should map each address to the "
                "times of its failed sign-ins; remove the key to start afresh"
            )

        recent = {}
        for key, times in stored.items():
            kept = [t for t in times if now - t < self.window]
            if kept:
                recent[key] = kept
        content["addresses"] = recent
        return recent

    def _check_address(self, failures: list[float], now: float) -> AddressLocked | None:
        """An AddressLocked when ``failures`` reach the limit, else None."""
        if len(failures) < self.address_attempts:
            return None
        return AddressLocked(self.window - (now - min(failures)))

    def _count_address_failure(
        self, by_address: dict[str, list[float]], key: str, now: float
    ) -> None:
        failures = by_address.setdefault(key, [])
        failures.append(now)
        if len(failures) == self.address_attempts:
            log.warning(
                "sign-ins from %s refused: %d failures within %g minutes; "
                "it may try again as those failures grow older than that",
                key,
                len(failures),
                self.window / 60,
            )

    def _check_account(
        self, name: str, entry: dict[str, Any] | None, password: str, now: float
    ) -> AccessDenied | None:
        """Check a password for the account called ``name``, if there is one."""
        if entry is None:
            # Spend the same time as a real check, so timing does not
            # tell which names exist.
            self._verify_quietly(_DUMMY_HASH, password)
            return SignInFailed("wrong name or password")
        return self._check(name, entry, password, now)

    def _check(
        self, name: str, entry: dict[str, Any], password: str, now: float
    ) -> AccessDenied | None:
        """Check one password against an entry, updating its failures."""
        recent = [t for t in entry.get("failures", []) if now - t < self.window]
        entry["failures"] = recent
        if len(recent) >= self.attempts:
            return AccountLocked(name, self.window - (now - min(recent)))

        if not self._verify_quietly(entry["password"], password):
            recent.append(now)
            return SignInFailed("wrong name or password")

        entry["failures"] = []
        entry["last_sign_in"] = _now()
        if self.hasher.check_needs_rehash(entry["password"]):
            entry["password"] = self.hasher.hash(password)
        return None

    def _verify_quietly(self, digest: str, password: str) -> bool:
        try:
            return self.hasher.verify(digest, password)
        except (VerificationError, InvalidHashError):
            return False


_DUMMY_HASH = PasswordHasher().hash(secrets.token_hex(16))

DEMO_ACCOUNTS: tuple[tuple[str, Role, tuple[str, ...]], ...] = (
    ("demo-admin", "administrator", ()),
    ("demo-analyst", "analyst", ()),
    ("demo-focal-ken", "focal-point", ("KEN",)),
    ("demo-viewer", "viewer", ()),
)
"""One demo account per role: name, role and the focal point's State."""


def ensure_demo_accounts(
    accounts: Accounts | None = None,
) -> list[tuple[str, Role, str]]:
    """Create the demo accounts that are missing, each with a fresh password.

    Returns
    -------
    list of (name, role, password)
        Only the accounts created now: a password is shown once and never
        again, since only its hash is kept.
    """
    accounts = accounts or Accounts.configured()
    created = []
    for name, role, states in DEMO_ACCOUNTS:
        if accounts.exists(name):
            continue
        password = secrets.token_urlsafe(12)
        accounts.add(name, role, password, states)
        created.append((name, role, password))
    return created
