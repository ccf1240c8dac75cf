"""Logging set-up for the command line: plain words, one named logger per area.

Areas log under ``tagraph.server``, ``tagraph.graph``, ``tagraph.loaders``,
``tagraph.queries``, ``tagraph.analytics``, ``tagraph.decisions``,
``tagraph.access`` and ``tagraph.app``. Only the entry points call
:func:`configure`.
"""

from __future__ import annotations

import logging
import sys


def configure(verbose: int = 0, quiet: bool = False) -> None:
    """Send tagraph's log to standard error at a level set by ``-v`` / ``-q``."""
    if quiet:
        level = logging.WARNING
    elif verbose >= 1:
        level = logging.DEBUG
    else:
        level = logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("tagraph")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    if verbose < 2:
        logging.getLogger("neo4j").setLevel(logging.WARNING)
