"""``tagraph app``, ``tagraph users`` and ``tagraph demo-accounts``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer

from tagraph.access import ROLES
from tagraph.app.users import Accounts, ensure_demo_accounts
from tagraph.config import load_settings

ENTRY_SCRIPT = Path(__file__).parent / "explorer" / "main.py"
"""The explorer's Streamlit entry script."""

users_app = typer.Typer(
    help="Manage the explorer's local accounts (hashed passwords, roles, States).",
    no_args_is_help=True,
)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_app.command("add")
def add(
    name: str = typer.Argument(..., help="Account name, e.g. amina.k"),
    role: str = typer.Option(..., "--role", help=f"One of: {', '.join(ROLES)}."),
    state: list[str] = typer.Option(  # noqa: B008
        [], "--state", help="ISO3 code of a focal point's State; repeat for more."
    ),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
) -> None:
    """Create an account; the password is asked for (or read from stdin)."""
    password = _password(password_stdin)
    account = Accounts.configured().add(name, role, password, state)
    states = f" for {', '.join(sorted(account.states))}" if account.states else ""
    typer.echo(f"added {account.name} ({account.role}{states})")


@users_app.command("list")
def list_accounts() -> None:
    """List the accounts with their roles and States (never their passwords)."""
    accounts = Accounts.configured()
    found = accounts.list()
    if not found:
        typer.echo(f"no accounts in {accounts.path}")
        return
    for account in found:
        states = ",".join(sorted(account.states)) or "-"
        typer.echo(f"{account.name}\t{account.role}\t{states}\t{account.created}")


@users_app.command("remove")
def remove(name: str = typer.Argument(..., help="Account name.")) -> None:
    """Delete an account."""
    Accounts.configured().remove(name)
    typer.echo(f"removed {name}")


@users_app.command("set-password")
def set_password(
    name: str = typer.Argument(..., help="Account name."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
) -> None:
    """Give an account a new password (and lift a sign-in lock)."""
    Accounts.configured().set_password(name, _password(password_stdin))
    typer.echo(f"password of {name} changed")


def demo_accounts() -> None:
    """Create one demo account per role and print, once, how to sign in."""
    created = ensure_demo_accounts()
    if not created:
        typer.echo("the demo accounts exist already; their passwords were shown")
        typer.echo("when they were made ('tagraph users set-password NAME' resets one)")
        return
    typer.echo("Demo accounts (passwords are shown this once only):")
    for name, role, password in created:
        typer.echo(f"  {role:<14} name {name:<16} password {password}")
    typer.echo("Sign in at the explorer: tagraph app")


def run_app(
    port: int = typer.Option(8501, "--port", help="TCP port to serve on."),
    address: str = typer.Option(
        "127.0.0.1", "--address", help="Address to listen on (0.0.0.0: all)."
    ),
) -> None:
    """Start the explorer (Streamlit, headless, no usage statistics sent)."""
    arguments = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ENTRY_SCRIPT),
        "--server.headless=true",
        f"--server.port={port}",
        f"--server.address={address}",
        "--server.fileWatcherType=none",
        "--server.runOnSave=false",
        "--server.enableStaticServing=true",
        "--browser.gatherUsageStats=false",
        "--global.developmentMode=false",
        "--client.toolbarMode=minimal",
        "--client.showErrorDetails=none",
        "--theme.base=light",
    ]
    typer.echo(f"tagraph explorer on http://{address}:{port}")
    sys.stdout.flush()
    _warm_in_background()
    os.execv(sys.executable, arguments)


_MAIN = "from tagraph.cli import main; main()"
"""Runs the ``tagraph`` command with this interpreter."""


def _warm_in_background() -> None:
    """Start ``tagraph query warm`` beside the explorer; it ends by itself.

    The first pages after a server restart then find their query plans made.
    Its output goes to the log folder; a failure there only costs speed.
    """
    logs = load_settings().home / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log_file = (logs / "warm.log").open("a", encoding="utf-8")
    subprocess.Popen(
        [sys.executable, "-c", _MAIN, "query", "warm", "--quiet"],
        stdout=log_file,
        stderr=log_file,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def register(app: typer.Typer) -> None:
    """Add the explorer's commands to the ``tagraph`` command."""
    app.add_typer(users_app, name="users")
    app.command("app")(run_app)
    app.command("demo-accounts")(demo_accounts)
