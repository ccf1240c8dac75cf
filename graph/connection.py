"""One connection to the graph, for the command line, loaders, queries and app.

:class:`Graph` wraps the official driver. Reads are sent as reads and writes as
writes, through managed transactions, so a ``neo4j://`` routing address works
unchanged against a cluster. Every query passes its values as parameters; a
tracer hook sees each query text and its parameters.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import neo4j
from neo4j import GraphDatabase, ManagedTransaction, unit_of_work
from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable

from tagraph.config import Settings, load_settings
from tagraph.errors import ConnectionFailed, QueryTimedOut

log = logging.getLogger("tagraph.graph")

Tracer = Callable[[str, Mapping[str, Any]], None]
"""A function called with every query text and its parameters before it runs."""


class Graph:
    """A connection to one Neo4j database.

    Parameters
    ----------
    uri
        A ``neo4j://`` (routing) or ``bolt://`` address.
    auth
        User name and password.
    database
        The database every query runs against.
    query_timeout
        Seconds after which the server ends a read; ``None`` for no limit.

    Examples
    --------
    >>> with Graph.connect() as graph:                     # doctest: +SKIP
    ...     graph.read("MATCH (s:State) RETURN count(s) AS states")
    [{'states': 193}]
    """

    def __init__(
        self,
        uri: str,
        auth: tuple[str, str],
        database: str = "neo4j",
        query_timeout: float | None = 30.0,
    ) -> None:
        self.uri = uri
        self.database = database
        self.query_timeout = query_timeout
        self.tracers: list[Tracer] = []
        # Warnings that a label or property does not exist yet are routine on
        # an empty or partly loaded database; they would only alarm users.
        self.driver = GraphDatabase.driver(
            uri,
            auth=auth,
            max_connection_pool_size=20,
            notifications_disabled_classifications=["UNRECOGNIZED"],
        )

    @classmethod
    def connect(cls, settings: Settings | None = None) -> Graph:
        """Connect to the configured server and check that it answers.

        With ``NEO4J_URI`` set, that server is used with ``NEO4J_USERNAME`` and
        ``NEO4J_PASSWORD``; otherwise the local server under ``TAGRAPH_HOME``,
        which must have been started with ``tagraph db start``.

        Raises
        ------
        ConnectionFailed
            When nothing answers or the credentials are refused.
        """
        settings = settings or load_settings()
        if settings.uses_local_server:
            from tagraph.graph.server import LocalServer

            server = LocalServer(settings)
            uri = server.uri
            if not settings.password_file.exists():
                raise ConnectionFailed(
                    f"no local Neo4j server under {settings.server_home}; start one "
                    "with 'tagraph db start' or set NEO4J_URI to another server"
                )
            auth = (settings.neo4j_username, server.password())
            hint = "start it with 'tagraph db start'"
        else:
            uri = str(settings.neo4j_uri)
            if settings.neo4j_password is None:
                raise ConnectionFailed(
                    f"NEO4J_URI is set to {uri} but NEO4J_PASSWORD is not; set it too"
                )
            auth = (settings.neo4j_username, settings.neo4j_password)
            hint = "check NEO4J_URI and that the server is up"

        graph = cls(uri, auth, settings.neo4j_database, settings.query_timeout)
        try:
            graph.driver.verify_connectivity()
        except AuthError:
            graph.close()
            raise ConnectionFailed(
                f"Neo4j at {uri} refused user {auth[0]!r}; check the password"
            ) from None
        except (ServiceUnavailable, OSError) as error:
            graph.close()
            raise ConnectionFailed(
                f"no Neo4j answers at {uri} ({error}); {hint}"
            ) from None
        log.debug("connected to %s, database %s", uri, settings.neo4j_database)
        return graph

    def close(self) -> None:
        """Close the driver and its connections."""
        self.driver.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def trace(self, query: str, parameters: Mapping[str, Any]) -> None:
        """Show a query and its parameters to every tracer, and the debug log."""
        log.debug(
            "cypher: %s | parameters: %s",
            " ".join(query.split())[:200],
            list(parameters),
        )
        for tracer in self.tracers:
            tracer(query, parameters)

    @contextmanager
    def traced(self, tracer: Tracer) -> Iterator[None]:
        """Add ``tracer`` for the duration of a ``with`` block."""
        self.tracers.append(tracer)
        try:
            yield
        finally:
            self.tracers.remove(tracer)

    def read(
        self,
        query: str,
        parameters: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
    ) -> list[dict[str, Any]]:
        """Run a read query and return its rows as dictionaries.

        The server ends the query after ``timeout`` seconds (default: the
        ``TAGRAPH_QUERY_TIMEOUT`` setting).
        """
        return self._read(
            query,
            parameters,
            timeout,
            lambda result: [record.data() for record in result],
        )

    def read_value(
        self,
        query: str,
        parameters: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
    ) -> Any:
        """Run a read query of one row and one column; return that value.

        The value is as the driver decodes it: lists, maps, strings, numbers
        and the driver's temporal types, without the walk over every nested
        value that turning records into dictionaries makes. For a query that
        sends many rows packed into one list, that walk costs more than the
        server takes to find them. ``timeout`` as for :meth:`read`.
        """
        return self._read(
            query, parameters, timeout, lambda result: result.single(strict=True)[0]
        )

    def _read(
        self,
        query: str,
        parameters: Mapping[str, Any] | None,
        timeout: float | None,
        take: Callable[[neo4j.Result], Any],
    ) -> Any:
        parameters = dict(parameters or {})
        self.trace(query, parameters)
        limit = timeout or self.query_timeout

        @unit_of_work(timeout=limit)
        def work(tx: ManagedTransaction) -> Any:
            return take(tx.run(query, parameters))

        try:
            with self.session(read=True) as session:
                return session.execute_read(work)
        except ClientError as error:
            if "TransactionTimedOut" in (error.code or ""):
                raise QueryTimedOut(
                    f"the query ran longer than {limit:g} s and was stopped; narrow "
                    "its filters or raise TAGRAPH_QUERY_TIMEOUT"
                ) from None
            raise

    def write(
        self, query: str, parameters: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Run a write query in its own transaction and return its rows."""
        parameters = dict(parameters or {})
        self.trace(query, parameters)

        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(query, parameters)]

        with self.session() as session:
            return session.execute_write(work)

    def session(self, *, read: bool = False) -> neo4j.Session:
        """A driver session on this database, routed for reads or writes."""
        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self.driver.session(database=self.database, default_access_mode=mode)

    def run_in(
        self, tx: ManagedTransaction, query: str, parameters: Mapping[str, Any]
    ) -> neo4j.Result:
        """Run ``query`` inside an open transaction, traced like the others."""
        self.trace(query, parameters)
        return tx.run(query, dict(parameters))
