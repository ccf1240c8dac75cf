"""The saved queries: ``.cypher`` files with a metadata header, read and checked.

Each saved query is one file in this folder. Its first lines are a header of
Cypher comments, ended by the first line that is not one (a blank line will
do, so that the text may open with comments of its own). The grammar::

    // name: gaps                          the file's stem, lower-case, a-z 0-9 -
    // title: Gaps: open needs nobody addresses
    // description: What the query answers, in plain words. A description may
    //   continue on the next lines: a comment line indented by two spaces or
    //   more continues the field above it.
    // result: table                       table | graph | map | chart
    // columns: need, state, kind          the result's columns, in order
    // param: region: text = "" ; M49 code; "" for all ; from: regions
    // param: priority: list[text] = [] ; priorities ; choices: high, medium, low
    // score: how a ranked query computes its score (optional)
    // mode: read                          read | write

``name``, ``title``, ``description``, ``result``, ``columns`` and ``mode``
appear exactly once; ``param`` once per parameter; ``score`` at most once. A
``param`` line is ``NAME: TYPE [= DEFAULT] ; DOC [; choices: A, B] [; from:
SOURCE]``, where the default is written as JSON (``""``, ``2016``, ``true``,
``null``, ``["high"]``) and SOURCE is a vocabulary (:data:`VOCABULARIES`) or
another saved query whose first column holds the values. A parameter with a
null default accepts null; ``TYPE?`` (``int? = 2000``) also accepts null
though its default is a value. A parameter without a default must be given;
every parameter of a read query has one. The query text must use each declared
parameter and no other, apart from ``$access_all`` and ``$access_states``,
which every read query that touches needs must use.
"""

from __future__ import annotations

import json
import logging
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tagraph.errors import TagraphError, UnknownQuery

log = logging.getLogger("tagraph.queries")

QUERY_FOLDER = Path(__file__).resolve().parent
"""Where the saved queries shipped with tagraph live."""

TYPES = ("text", "int", "float", "bool", "date", "list[text]", "list[int]")
"""Parameter types a header may declare."""

RESULTS = ("table", "graph", "map", "chart")
"""How a result is meant to be shown."""

MODES = ("read", "write")

VOCABULARIES = (
    "states",
    "regions",
    "themes",
    "providers",
    "programmes",
    "needs",
    "resolutions",
)
"""Fixed lists a parameter's choices can come from (see ``run.choices``)."""

ACCESS_PARAMETERS = ("access_all", "access_states")
"""Parameters every read query receives from the viewer; never declared."""

_FIELDS = ("name", "title", "description", "result", "columns", "param", "score")
_REQUIRED = ("name", "title", "description", "result", "columns", "mode")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELD_LINE = re.compile(r"^//\s?([a-z_]+):\s*(.*)$")
_CONTINUATION = re.compile(r"^//\s{2,}(\S.*)$")
_PARAMETER_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_NEED_LABEL = re.compile(r":\s*Need\b")
_TRUE = ("true", "yes", "1")
_FALSE = ("false", "no", "0")


class InvalidQueryFile(TagraphError):
    """A saved query's file has a header or text that breaks the grammar."""


@dataclass(frozen=True)
class Parameter:
    """One parameter of a saved query.

    ``choices`` are the allowed values (for a list type: of each item);
    ``choices_from`` names a vocabulary or saved query the explorer offers
    values from, without restricting what is accepted.
    """

    name: str
    type: str
    default: Any
    choices: tuple[Any, ...] | None
    doc: str
    choices_from: str | None = None
    required: bool = False
    nullable: bool = False
    """True when null is accepted though the default is not (``TYPE?``)."""

    def coerce(self, value: Any, query: str = "") -> Any:
        """Turn ``value`` (typed, or text from a command line or URL) into the
        parameter's type and check it against the choices.

        Raises
        ------
        UnknownQuery
            When the value cannot be read as the type or is not a choice.
        """
        where = f"parameter {self.name!r}" + (f" of query {query!r}" if query else "")
        if value is None:
            if (self.default is None or self.nullable) and not self.required:
                return None
            raise UnknownQuery(f"{where} needs a value of type {self.type}")
        if self.type.startswith("list["):
            items = _split(value, where)
            item_type = self.type[5:-1]
            coerced = [_coerce(item_type, item, where) for item in items]
            for item in coerced:
                self._check_choice(item, where)
            return coerced
        coerced = _coerce(self.type, value, where)
        self._check_choice(coerced, where)
        return coerced

    def _check_choice(self, value: Any, where: str) -> None:
        if self.choices is not None and value not in self.choices:
            valid = ", ".join(str(choice) for choice in self.choices)
            raise UnknownQuery(f"{where}: {value!r} is not one of: {valid}")


@dataclass(frozen=True)
class SavedQuery:
    """A saved query: its header, read from the file, and its Cypher text."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    result: str
    columns: tuple[str, ...]
    mode: str
    text: str
    path: Path
    score: str = ""
    """How a ranked query's score is computed, when it has one."""

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``.

        Raises
        ------
        UnknownQuery
            Naming the query's parameters, when it has no such parameter.
        """
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        valid = ", ".join(p.name for p in self.parameters) or "none"
        raise UnknownQuery(
            f"query {self.name!r} has no parameter {name!r}; its parameters: {valid}"
        )

    def bind(self, values: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The parameters to send: ``values`` coerced and checked, defaults filled.

        Raises
        ------
        UnknownQuery
            For an unknown parameter, a value of the wrong type or not among the
            choices, or a required parameter left out.
        """
        values = dict(values or {})
        for name in values:
            self.parameter(name)

        bound: dict[str, Any] = {}
        for parameter in self.parameters:
            if parameter.name in values:
                bound[parameter.name] = parameter.coerce(
                    values[parameter.name], self.name
                )
            elif parameter.required:
                raise UnknownQuery(
                    f"query {self.name!r} needs parameter {parameter.name!r} "
                    f"({parameter.type}): {parameter.doc}"
                )
            else:
                bound[parameter.name] = parameter.default
        return bound


# Coercion ----------------------------------------------------------------------


def _split(value: Any, where: str) -> list[Any]:
    if isinstance(value, str):
        return [item.strip() for item in value.split(";") if item.strip()]
    if isinstance(value, list | tuple | set | frozenset):
        items: list[Any] = []
        for item in value:
            items.extend(_split(item, where) if isinstance(item, str) else [item])
        return items
    raise UnknownQuery(f"{where}: expected a list or 'a;b' text, got {value!r}")


def _coerce(kind: str, value: Any, where: str) -> Any:
    expected = f"{where}: expected {kind}, got {value!r}"
    if kind == "text":
        if isinstance(value, str):
            return value
        raise UnknownQuery(expected)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
            return value.strip().lower() in _TRUE
        raise UnknownQuery(f"{expected} (true or false)")
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
            return int(value)
        raise UnknownQuery(f"{expected} (a whole number)")
    if kind == "float":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
        raise UnknownQuery(f"{expected} (a number)")
    if kind == "date":
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise UnknownQuery(f"{expected} (a date, YYYY-MM-DD)")
    raise UnknownQuery(f"{where}: unknown type {kind!r}")


# Parsing -----------------------------------------------------------------------


def parse_query(path: Path) -> SavedQuery:
    """Read one saved query file and check its header and text.

    Raises
    ------
    InvalidQueryFile
        Naming the file, the line and what was expected.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    fields: dict[str, list[tuple[int, str]]] = {}
    last: tuple[str, int] | None = None
    body_start = len(lines)

    for number, line in enumerate(lines, start=1):
        stripped = line.rstrip()
        if not stripped.startswith("//"):  # a blank line ends the header too
            body_start = number - 1
            break
        if stripped in ("//", "// "):
            last = None
            continue
        continuation = _CONTINUATION.match(stripped)
        if continuation and last is not None:
            key, index = last
            line_number, value = fields[key][index]
            fields[key][index] = (line_number, f"{value} {continuation.group(1)}")
            continue
        match = _FIELD_LINE.match(stripped)
        if not match or match.group(1) not in (*_FIELDS, "mode"):
            raise InvalidQueryFile(
                f"{path}:{number}: expected a header line '// key: value' with key "
                f"one of {', '.join((*_FIELDS, 'mode'))}, got {stripped!r}"
            )
        key, value = match.group(1), match.group(2).strip()
        fields.setdefault(key, []).append((number, value))
        last = (key, len(fields[key]) - 1)

    return _build(path, fields, "\n".join(lines[body_start:]).strip() + "\n")


def _one(path: Path, fields: dict[str, list[tuple[int, str]]], key: str) -> str:
    found = fields.get(key, [])
    if not found and key in _REQUIRED:
        raise InvalidQueryFile(f"{path}: the header has no '// {key}:' line")
    if len(found) > 1:
        raise InvalidQueryFile(
            f"{path}:{found[1][0]}: '{key}' appears {len(found)} times; expected once"
        )
    if found and not found[0][1]:
        raise InvalidQueryFile(f"{path}:{found[0][0]}: '{key}' is empty")
    return found[0][1] if found else ""


def _build(
    path: Path, fields: dict[str, list[tuple[int, str]]], text: str
) -> SavedQuery:
    name = _one(path, fields, "name")
    if name != path.stem or not _NAME.match(name):
        raise InvalidQueryFile(
            f"{path}: name {name!r} must equal the file's stem {path.stem!r} and "
            "use lower-case letters, digits and single hyphens"
        )
    result = _one(path, fields, "result")
    if result not in RESULTS:
        raise InvalidQueryFile(
            f"{path}: result {result!r} is not one of {', '.join(RESULTS)}"
        )
    mode = _one(path, fields, "mode")
    if mode not in MODES:
        raise InvalidQueryFile(f"{path}: mode {mode!r} is not one of read, write")

    columns = tuple(
        column.strip() for column in _one(path, fields, "columns").split(",")
    )
    for column in columns:
        if not _IDENTIFIER.match(column):
            raise InvalidQueryFile(
                f"{path}: column {column!r} is not a lower-case name (a-z, 0-9, _)"
            )
    if len(set(columns)) != len(columns):
        raise InvalidQueryFile(f"{path}: the columns list names a column twice")

    parameters = tuple(
        _parameter(path, number, value) for number, value in fields.get("param", [])
    )
    _check_parameters(path, parameters, mode, text)

    return SavedQuery(
        name=name,
        title=_one(path, fields, "title"),
        description=_one(path, fields, "description"),
        parameters=parameters,
        result=result,
        columns=columns,
        mode=mode,
        text=text,
        path=path,
        score=_one(path, fields, "score"),
    )


def _parameter(path: Path, number: int, value: str) -> Parameter:
    where = f"{path}:{number}"
    parts = [part.strip() for part in value.split(" ; ")]
    signature = re.fullmatch(
        r"([a-z][a-z0-9_]*)\s*:\s*([a-z\[\]]+)(\?)?\s*(?:=\s*(.+))?", parts[0]
    )
    if not signature:
        raise InvalidQueryFile(
            f"{where}: expected 'param: NAME: TYPE [= DEFAULT] ; DOC', got {value!r}"
        )
    name, kind, nullable, raw_default = signature.groups()
    if kind not in TYPES:
        raise InvalidQueryFile(
            f"{where}: parameter {name!r} has type {kind!r}; expected one of "
            f"{', '.join(TYPES)}"
        )
    if name in ACCESS_PARAMETERS:
        raise InvalidQueryFile(
            f"{where}: {name!r} is set from the viewer and cannot be declared"
        )
    if len(parts) < 2 or not parts[1] or ":" in parts[1].split(" ")[0]:
        raise InvalidQueryFile(
            f"{where}: parameter {name!r} has no documentation after ' ; '"
        )

    choices: tuple[Any, ...] | None = None
    choices_from: str | None = None
    for extra in parts[2:]:
        key, _, rest = extra.partition(":")
        key, rest = key.strip(), rest.strip()
        if key == "choices" and rest:
            item_type = kind[5:-1] if kind.startswith("list[") else kind
            items = [item.strip() for item in rest.split(",")]
            try:
                choices = tuple(_coerce(item_type, item, name) for item in items)
            except UnknownQuery as error:
                raise InvalidQueryFile(f"{where}: {error}") from None
        elif key == "from" and rest:
            choices_from = rest
        else:
            raise InvalidQueryFile(
                f"{where}: expected 'choices: A, B' or 'from: SOURCE' after the "
                f"documentation, got {extra!r}"
            )
    if choices is not None and choices_from is not None:
        raise InvalidQueryFile(f"{where}: give 'choices' or 'from', not both")

    parameter = Parameter(
        name=name,
        type=kind,
        default=None,
        choices=choices,
        doc=parts[1],
        choices_from=choices_from,
        required=raw_default is None,
        nullable=nullable is not None,
    )
    if raw_default is None:
        return parameter
    try:
        default = json.loads(raw_default)
    except json.JSONDecodeError:
        raise InvalidQueryFile(
            f"{where}: default {raw_default!r} of {name!r} is not JSON (text in "
            "double quotes, numbers, true, false, null or [..])"
        ) from None
    try:
        default = parameter.coerce(default) if default is not None else None
    except UnknownQuery as error:
        raise InvalidQueryFile(f"{where}: default: {error}") from None
    return replace(parameter, default=default)


def _check_parameters(
    path: Path, parameters: tuple[Parameter, ...], mode: str, text: str
) -> None:
    names = [parameter.name for parameter in parameters]
    if len(set(names)) != len(names):
        raise InvalidQueryFile(f"{path}: a parameter is declared twice")
    code = "\n".join(
        line for line in text.splitlines() if not line.lstrip().startswith("//")
    )
    if not code.strip():
        raise InvalidQueryFile(f"{path}: there is no query text after the header")

    used = set(_PARAMETER_USE.findall(code))
    undeclared = used - set(names) - set(ACCESS_PARAMETERS)
    if undeclared:
        raise InvalidQueryFile(
            f"{path}: the text uses ${', $'.join(sorted(undeclared))}, which the "
            "header does not declare"
        )
    unused = set(names) - used
    if unused:
        raise InvalidQueryFile(
            f"{path}: parameter(s) {', '.join(sorted(unused))} declared but never "
            "used in the text"
        )
    if mode == "read":
        missing_default = [p.name for p in parameters if p.required]
        if missing_default:
            raise InvalidQueryFile(
                f"{path}: read query parameter(s) {', '.join(missing_default)} "
                "need a default"
            )
        if _NEED_LABEL.search(code) and not set(ACCESS_PARAMETERS) <= used:
            raise InvalidQueryFile(
                f"{path}: the query reads needs but does not apply the access rule "
                "($access_all OR n.confidentiality = 'public' OR "
                "state.iso3 IN $access_states)"
            )


# The catalogue -----------------------------------------------------------------

_CACHE: dict[Path, tuple[tuple[int, int], SavedQuery]] = {}


def _load(path: Path) -> SavedQuery:
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _CACHE.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    query = parse_query(path)
    _CACHE[path] = (stamp, query)
    return query


def list_queries(folder: Path | None = None) -> list[SavedQuery]:
    """Every saved query in ``folder`` (default: tagraph's own), by name.

    Adding a query is adding a file: any ``NAME.cypher`` with a valid header.

    Raises
    ------
    InvalidQueryFile
        When a file breaks the header grammar, or a parameter's ``from`` names
        neither a vocabulary nor a saved query of the folder.
    """
    folder = Path(folder) if folder is not None else QUERY_FOLDER
    queries = [_load(path) for path in sorted(folder.glob("*.cypher"))]
    names = {query.name for query in queries}
    for query in queries:
        for parameter in query.parameters:
            source = parameter.choices_from
            if source and source not in VOCABULARIES and source not in names:
                raise InvalidQueryFile(
                    f"{query.path}: parameter {parameter.name!r} takes choices from "
                    f"{source!r}, which is neither a vocabulary "
                    f"({', '.join(VOCABULARIES)}) nor a saved query"
                )
    log.debug("%d saved queries in %s", len(queries), folder)
    return queries


def get_query(name: str, folder: Path | None = None) -> SavedQuery:
    """The saved query called ``name``.

    Raises
    ------
    UnknownQuery
        Listing the valid names, when there is no such query.
    """
    queries = list_queries(folder)
    for query in queries:
        if query.name == name:
            return query
    raise UnknownQuery(
        f"there is no saved query {name!r}; the saved queries are: "
        f"{', '.join(query.name for query in queries)}"
    )


# Documentation -----------------------------------------------------------------


def _markdown_value(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def markdown(queries: list[SavedQuery]) -> str:
    """The reference section of ``docs/queries.md``, written from the headers."""
    parts = []
    for query in queries:
        lines = [
            f"### `{query.name}`: {query.title}",
            "",
            textwrap.fill(query.description, 80),
            "",
            f"Result: {query.result}; mode: {query.mode}.",
            "",
            f"Columns: {', '.join(f'`{column}`' for column in query.columns)}.",
            "",
        ]
        if query.score:
            lines += [textwrap.fill(f"Score: {query.score}", 80), ""]
        if query.parameters:
            lines += ["| Parameter | Type | Default | Meaning |", "|---|---|---|---|"]
        for parameter in query.parameters:
            default = (
                "required" if parameter.required else _markdown_value(parameter.default)
            )
            kind = parameter.type + ("?" if parameter.nullable else "")
            meaning = parameter.doc
            if parameter.choices:
                meaning += "; one of " + ", ".join(map(str, parameter.choices))
            if parameter.choices_from:
                meaning += f"; values from {parameter.choices_from}"
            lines.append(f"| `{parameter.name}` | {kind} | `{default}` | {meaning} |")
        if not query.parameters:
            lines.append("No parameters.")
        parts.append("\n".join(lines).rstrip() + "\n")
    return "\n".join(parts)
