"""Regenerate ``states.csv`` and ``regions.csv`` from maintained package data.

Every UN Member State, its ISO3 code, its M49 code and the M49 region that
encloses it most closely come from the data file of the ``country_converter``
package (its ``UNmember``, ``ISO3``, ``UNcode`` and ``UNregion`` columns). That
package names the region but does not give its code or the regions above it,
so the M49 hierarchy itself (29 regions, sub-regions and intermediate regions)
is the small table :data:`M49_REGIONS` below, checked by hand against the UNSD
standard.

Run ``python -m tagraph.loaders.reference.build`` after upgrading the package;
``tests/test_reference.py`` fails when the shipped CSVs differ from what this
module produces.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from tagraph.errors import TagraphError
from tagraph.loaders.reference import REFERENCE_DIR
from tagraph.loaders.tables import TABLE_BY_NAME

log = logging.getLogger("tagraph.loaders")

PACKAGE = "country_converter"
DATA_FILE = "country_data.tsv"

M49_SOURCE = (
    "UNSD Standard Country or Area Codes for Statistical Use (M49), "
    "unstats.un.org/unsd/methodology/m49, as documented in [S112][S113]; "
    "hand-checked table"
)


@dataclass(frozen=True)
class M49Region:
    """One M49 region, sub-region or intermediate region."""

    code: str
    name: str
    level: str
    parent: str | None


M49_REGIONS: tuple[M49Region, ...] = (
    M49Region("002", "Africa", "region", None),
    M49Region("015", "Northern Africa", "subregion", "002"),
    M49Region("202", "Sub-Saharan Africa", "subregion", "002"),
    M49Region("014", "Eastern Africa", "intermediate", "202"),
    M49Region("017", "Middle Africa", "intermediate", "202"),
    M49Region("018", "Southern Africa", "intermediate", "202"),
    M49Region("011", "Western Africa", "intermediate", "202"),
    M49Region("019", "Americas", "region", None),
    M49Region("419", "Latin America and the Caribbean", "subregion", "019"),
    M49Region("029", "Caribbean", "intermediate", "419"),
    M49Region("013", "Central America", "intermediate", "419"),
    M49Region("005", "South America", "intermediate", "419"),
    M49Region("021", "Northern America", "subregion", "019"),
    M49Region("142", "Asia", "region", None),
    M49Region("143", "Central Asia", "subregion", "142"),
    M49Region("030", "Eastern Asia", "subregion", "142"),
    M49Region("035", "South-eastern Asia", "subregion", "142"),
    M49Region("034", "Southern Asia", "subregion", "142"),
    M49Region("145", "Western Asia", "subregion", "142"),
    M49Region("150", "Europe", "region", None),
    M49Region("151", "Eastern Europe", "subregion", "150"),
    M49Region("154", "Northern Europe", "subregion", "150"),
    M49Region("039", "Southern Europe", "subregion", "150"),
    M49Region("155", "Western Europe", "subregion", "150"),
    M49Region("009", "Oceania", "region", None),
    M49Region("053", "Australia and New Zealand", "subregion", "009"),
    M49Region("054", "Melanesia", "subregion", "009"),
    M49Region("057", "Micronesia", "subregion", "009"),
    M49Region("061", "Polynesia", "subregion", "009"),
)
"""The M49 hierarchy above the States (the Channel Islands, 830, hold no State)."""

REGION_CORRECTIONS: dict[str, str] = {"NRU": "Micronesia"}
"""Where the package's ``UNregion`` departs from M49: ISO3 to the M49 name.

``country_converter`` 1.3.2 puts Nauru in Polynesia; M49 lists Nauru (520)
under Micronesia (057) [S112].
"""


class ReferenceBuildError(TagraphError):
    """The package data cannot be turned into the reference tables."""


def package_version() -> str:
    """The installed version of the package the States come from."""
    return metadata.version(PACKAGE)


def read_package_rows() -> list[dict[str, str]]:
    """Every row of the package's country table, as text.

    The file is read with :mod:`csv`, not pandas, so that Namibia's ISO2 code
    ``NA`` stays a string.
    """
    text = resources.files(PACKAGE).joinpath(DATA_FILE).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


def region_rows() -> list[dict[str, str]]:
    """The rows of ``regions.csv``, parents before children."""
    return [
        {
            "code": region.code,
            "name": region.name,
            "level": region.level,
            "parent": region.parent or "",
            "source": M49_SOURCE,
        }
        for region in M49_REGIONS
    ]


def state_rows(
    package_rows: list[dict[str, str]] | None = None,
) -> list[dict[str, str]]:
    """The rows of ``states.csv``: one per UN Member State, sorted by ISO3.

    Parameters
    ----------
    package_rows
        The package's country table; read from the installed package when
        omitted.

    Raises
    ------
    ReferenceBuildError
        When a member's region name is not an M49 region of
        :data:`M49_REGIONS`, or a code is missing.
    """
    rows = read_package_rows() if package_rows is None else package_rows
    code_by_name = {region.name: region.code for region in M49_REGIONS}
    version = package_version()

    states = []
    for row in rows:
        if not row["UNmember"].strip():
            continue
        iso3 = row["ISO3"].strip()
        region_name = REGION_CORRECTIONS.get(iso3, row["UNregion"].strip())
        if region_name not in code_by_name:
            raise ReferenceBuildError(
                f"{PACKAGE} {version}: {iso3} has UNregion {region_name!r}, "
                "which is not an M49 region in M49_REGIONS; add the region or "
                "a correction in REGION_CORRECTIONS"
            )
        if not row["UNcode"].strip().isdigit():
            raise ReferenceBuildError(
                f"{PACKAGE} {version}: {iso3} has no numeric UNcode ({row['UNcode']!r})"
            )

        source = (
            f"{PACKAGE} {version} {DATA_FILE} (UNmember since "
            f"{row['UNmember'].strip()}; ISO3, UNcode, UNregion)"
        )
        if iso3 in REGION_CORRECTIONS:
            source += f"; region corrected to {region_name} per M49 [S112]"
        states.append(
            {
                "iso3": iso3,
                "name": row["name_short"].strip(),
                "m49": f"{int(row['UNcode']):03d}",
                "region": code_by_name[region_name],
                "source": source,
            }
        )

    states.sort(key=lambda state: state["iso3"])
    log.debug("%d UN Member States read from %s %s", len(states), PACKAGE, version)
    return states


def render(table: str, rows: list[dict[str, str]]) -> str:
    """The CSV text of ``rows`` with the columns of ``table`` in their order."""
    columns = [column.name for column in TABLE_BY_NAME[table].columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: row.get(name, "") for name in columns})
    return out.getvalue()


def build() -> dict[str, str]:
    """The CSV text of each package-derived table, by file name."""
    return {
        "regions.csv": render("regions", region_rows()),
        "states.csv": render("states", state_rows()),
    }


def write(folder: Path = REFERENCE_DIR) -> dict[str, int]:
    """Write the package-derived tables into ``folder``; rows per file."""
    counts = {}
    for name, text in build().items():
        (folder / name).write_text(text, encoding="utf-8")
        counts[name] = text.count("\n") - 1
        log.info("wrote %s (%d rows)", folder / name, counts[name])
    return counts


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    write()
