"""The reference data shipped with tagraph: real facts, each row with its source.

``REFERENCE_DIR`` is a dataset folder in the format of
:mod:`tagraph.loaders.tables`: UN Member States and M49 regions (regenerated
from a maintained package by :mod:`tagraph.loaders.reference.build`), themes,
Security Council resolutions, good practices, providers, programmes and their
partners, and the API/PNR roadmap template with its steps. ``SOURCES.md`` in
the same folder says where each fact comes from and which ones are unverified.
"""

from __future__ import annotations

from pathlib import Path

REFERENCE_DIR: Path = Path(__file__).resolve().parent
"""The folder holding the reference CSV tables and ``SOURCES.md``."""

__all__ = ["REFERENCE_DIR"]
