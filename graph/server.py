"""The local Neo4j Community server: resolved from Maven Central, run as a child.

The server's jars are resolved once with the machine's Maven into the local
repository (``~/.m2``); the class path is cached under the cache folder, so a
second start needs no download. The server runs as a detached Java process
with a generated ``neo4j.conf``, listens on loopback only, and keeps its
configuration, data and logs under ``<TAGRAPH_HOME>/neo4j``. Authentication is
on; the password is generated on first start and kept in a file only the user
can read.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tagraph.config import Settings
from tagraph.errors import ServerError

log = logging.getLogger("tagraph.server")

HOST = "127.0.0.1"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"

_POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.tagraph</groupId>
  <artifactId>neo4j-server-classpath</artifactId>
  <version>{version}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId>
      <artifactId>neo4j</artifactId>
      <version>{version}</version>
    </dependency>
  </dependencies>
</project>
"""

_JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
)


@dataclass(frozen=True)
class ServerStatus:
    """What :meth:`LocalServer.status` found."""

    home: Path
    uri: str
    version: str
    pid: int | None
    answers: bool

    @property
    def running(self) -> bool:
        """True when the server's process is alive."""
        return self.pid is not None

    def describe(self) -> str:
        """One line for people: where it is and whether it answers."""
        if self.pid is None:
            return f"Neo4j {self.version} is stopped (home {self.home})"
        state = "answers" if self.answers else "is starting or not answering"
        return (
            f"Neo4j {self.version} runs as process {self.pid} at {self.uri} "
            f"and {state} (home {self.home})"
        )


_PASSWORD_ALPHABET = string.ascii_letters + string.digits


def new_password(length: int = 32) -> str:
    """A random password of letters and digits (about 190 bits at 32).

    Letters and digits only: ``neo4j-admin`` reads a password that begins
    with ``-`` as an option and refuses it.
    """
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))


class LocalServer:
    """A Neo4j Community server that tagraph installs, starts and stops itself.

    Parameters
    ----------
    settings
        Where the server lives (``server_home``), its port, release and memory.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.home = settings.server_home
        self.port = settings.bolt_port

    @property
    def uri(self) -> str:
        """The routing address drivers use to reach this server."""
        return f"neo4j://{HOST}:{self.port}"

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def import_dir(self) -> Path:
        """Folder the server may read with ``LOAD CSV FROM 'file:///...'``."""
        return self.home / "import"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def console_log(self) -> Path:
        """Where the Java process's own output goes."""
        return self.logs_dir / "console.log"

    def password(self) -> str:
        """The generated password of user ``neo4j``; created on first use."""
        path = self.settings.password_file
        if path.exists():
            return path.read_text(encoding="utf-8").strip()

        path.parent.mkdir(parents=True, exist_ok=True)
        value = new_password()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(value + "\n")
        log.info("generated a password for the local server in %s", path)
        return value

    # Installation -----------------------------------------------------------

    def classpath(self) -> str:
        """The server's class path, resolving it from Maven Central the first time."""
        folder = self.settings.cache / f"neo4j-{self.settings.neo4j_version}"
        cached = folder / "classpath.txt"
        if cached.exists():
            entries = cached.read_text(encoding="utf-8").strip().split(os.pathsep)
            if entries and all(Path(entry).exists() for entry in entries):
                return os.pathsep.join(entries)
            log.info("cached class path %s names missing jars; resolving again", cached)

        maven = shutil.which("mvn")
        if maven is None:
            raise ServerError(
                "Maven (mvn) is not on PATH; it is needed once to resolve Neo4j "
                f"{self.settings.neo4j_version} from Maven Central. Install it "
                "(Debian: apt-get install maven) or set NEO4J_URI to another server."
            )

        folder.mkdir(parents=True, exist_ok=True)
        (folder / "pom.xml").write_text(
            _POM.format(version=self.settings.neo4j_version), encoding="utf-8"
        )
        log.warning(
            "resolving Neo4j %s from Maven Central (first start only, about 120 MB)",
            self.settings.neo4j_version,
        )
        command = [
            maven,
            "-B",
            "-q",
            "dependency:build-classpath",
            f"-Dmdep.outputFile={cached}",
        ]
        result = subprocess.run(
            command, cwd=folder, capture_output=True, text=True, check=False
        )
        if result.returncode != 0 or not cached.exists():
            tail = "\n".join((result.stdout + result.stderr).splitlines()[-15:])
            raise ServerError(
                f"Maven could not resolve org.neo4j:neo4j:{self.settings.neo4j_version}"
                f" (exit {result.returncode}):\n{tail}"
            )
        return cached.read_text(encoding="utf-8").strip()

    def _java(self) -> str:
        java_home = os.environ.get("JAVA_HOME")
        if java_home and (Path(java_home) / "bin" / "java").exists():
            return str(Path(java_home) / "bin" / "java")
        java = shutil.which("java")
        if java is None:
            raise ServerError("Java 17 or 21 is needed to run Neo4j; none is on PATH")
        return java

    def configure(self) -> None:
        """Write ``neo4j.conf`` and set the initial password before the first start."""
        for folder in (self.conf_dir, self.data_dir, self.logs_dir, self.import_dir):
            folder.mkdir(parents=True, exist_ok=True)
        self.pid_file.parent.mkdir(parents=True, exist_ok=True)

        lines = {
            "server.default_listen_address": HOST,
            "server.default_advertised_address": HOST,
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"{HOST}:{self.port}",
            "server.bolt.advertised_address": f"{HOST}:{self.port}",
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            "dbms.security.auth_enabled": "true",
            "dbms.usage_report.enabled": "false",
            "server.directories.data": str(self.data_dir),
            "server.directories.logs": str(self.logs_dir),
            "server.directories.import": str(self.import_dir),
            "server.directories.run": str(self.pid_file.parent),
            "server.memory.pagecache.size": self.settings.neo4j_pagecache,
            "dbms.security.allow_csv_import_from_file_urls": "true",
            "db.tx_log.rotation.retention_policy": "2 files",
        }
        text = "".join(f"{key}={value}\n" for key, value in lines.items())
        (self.conf_dir / "neo4j.conf").write_text(text, encoding="utf-8")

        if (
            not (self.data_dir / "dbms" / "auth.ini").exists()
            and not (self.data_dir / "databases" / "system").exists()
        ):
            self._set_initial_password()

    def _set_initial_password(self) -> None:
        env = dict(os.environ, NEO4J_HOME=str(self.home), NEO4J_CONF=str(self.conf_dir))
        command = [
            self._java(),
            "-cp",
            self.classpath(),
            ADMIN_TOOL,
            "dbms",
            "set-initial-password",
            self.password(),
        ]
        result = subprocess.run(
            command, env=env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise ServerError(
                "neo4j-admin could not set the initial password: "
                + (result.stderr or result.stdout).strip()[-500:]
            )
        log.info("set the initial password of user neo4j")

    # Running ----------------------------------------------------------------

    def _pid(self) -> int | None:
        if not self.pid_file.exists():
            return None
        try:
            pid = int(self.pid_file.read_text(encoding="utf-8").strip())
        except ValueError:
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        if _is_zombie(pid):
            return None
        return pid

    def answers(self) -> bool:
        """True when Bolt accepts the password and runs ``RETURN 1``."""
        from neo4j import GraphDatabase
        from neo4j.exceptions import Neo4jError, ServiceUnavailable

        try:
            with GraphDatabase.driver(
                self.uri, auth=("neo4j", self.password()), connection_timeout=2
            ) as driver:
                driver.verify_connectivity()
                return True
        except (ServiceUnavailable, Neo4jError, OSError):
            return False

    def status(self) -> ServerStatus:
        """Where the server is, its process and whether it answers."""
        pid = self._pid()
        return ServerStatus(
            home=self.home,
            uri=self.uri,
            version=self.settings.neo4j_version,
            pid=pid,
            answers=pid is not None and self.answers(),
        )

    def start(self, timeout: float = 120.0) -> ServerStatus:
        """Start the server and wait until it answers; a no-op when it runs.

        Raises
        ------
        ServerError
            When the port is taken by another program, Java or Maven is
            missing, or the server exits or does not answer in time.
        """
        pid = self._pid()
        if pid is not None:
            log.info("Neo4j already runs as process %s; nothing to start", pid)
            return self.wait(timeout)

        if _port_in_use(self.port):
            raise ServerError(
                f"port {self.port} on {HOST} is in use by another program; stop it "
                "or choose another port with TAGRAPH_BOLT_PORT"
            )

        self.configure()
        classpath = self.classpath()
        command = [
            self._java(),
            f"-Xms{self.settings.neo4j_heap}",
            f"-Xmx{self.settings.neo4j_heap}",
            *_JVM_OPTIONS,
            "-cp",
            f"{self.conf_dir}{os.pathsep}{classpath}",
            ENTRY_POINT,
            f"--home-dir={self.home}",
            f"--config-dir={self.conf_dir}",
        ]
        env = dict(os.environ, NEO4J_HOME=str(self.home), NEO4J_CONF=str(self.conf_dir))
        log.info("starting Neo4j %s on %s", self.settings.neo4j_version, self.uri)
        pid = _spawn_detached(command, env, self.console_log)
        self.pid_file.write_text(f"{pid}\n", encoding="utf-8")
        return self.wait(timeout, pid=pid)

    def wait(self, timeout: float, pid: int | None = None) -> ServerStatus:
        """Wait until the server answers, or raise with the tail of its log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            code = _exit_code(pid) if pid is not None else None
            if code is not None:
                self.pid_file.unlink(missing_ok=True)
                raise ServerError(
                    f"Neo4j exited with code {code} while starting; "
                    f"the end of {self.console_log}:\n{self.log_tail()}"
                )
            if _port_in_use(self.port) and self.answers():
                status = self.status()
                log.info("Neo4j answers at %s", self.uri)
                return status
            time.sleep(0.5)
        raise ServerError(
            f"Neo4j did not answer at {self.uri} within {timeout:.0f} s; "
            f"the end of {self.console_log}:\n{self.log_tail()}"
        )

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the server cleanly; returns False when it was not running."""
        pid = self._pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False

        log.info("stopping Neo4j (process %s)", pid)
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._pid() is not None:
            time.sleep(0.25)
        if self._pid() is not None:
            log.warning("Neo4j did not stop in %.0f s; killing it", timeout)
            os.kill(pid, signal.SIGKILL)
            _reap(pid)
        self.pid_file.unlink(missing_ok=True)
        return True

    def kill(self) -> None:
        """Kill the server at once, as a crash would (used to test atomicity)."""
        pid = self._pid()
        if pid is None:
            return
        os.kill(pid, signal.SIGKILL)
        _reap(pid)
        self.pid_file.unlink(missing_ok=True)

    def log_tail(self, lines: int = 20) -> str:
        """The last lines of the server's console and ``neo4j.log``."""
        parts = []
        for path in (self.console_log, self.logs_dir / "neo4j.log"):
            if path.exists():
                text = path.read_text(encoding="utf-8", errors="replace")
                parts.append("\n".join(text.splitlines()[-lines:]))
        return "\n".join(parts) or "(no log written)"


def _spawn_detached(command: list[str], env: dict[str, str], log_file: Path) -> int:
    """Start ``command`` in a session of its own, output to ``log_file``."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (
            os.POSIX_SPAWN_OPEN,
            1,
            str(log_file),
            os.O_WRONLY | os.O_CREAT | os.O_APPEND,
            0o644,
        ),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ]
    return os.posix_spawn(command[0], command, env, file_actions=actions, setsid=True)


def _exit_code(pid: int) -> int | None:
    """The exit code of our child ``pid`` once it has ended, else None."""
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return None
    if done == 0:
        return None
    return os.waitstatus_to_exitcode(status)


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((HOST, port)) == 0


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"


def _reap(pid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        if _is_zombie(pid):
            return
        time.sleep(0.1)


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])
