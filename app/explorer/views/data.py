"""Data: validate an uploaded dataset (dry run), load it, and the history of
loads. Administrators only."""

import logging
import tempfile
import zipfile
from pathlib import Path

import streamlit as st

from tagraph.app import data, session, ui
from tagraph.errors import TagraphError, ValidationFailed
from tagraph.loaders.load import load_dataset

log = logging.getLogger("tagraph.app")
viewer = session.guard("data.py")
st.title("Data")
st.caption(
    "Upload a dataset: a zip of CSV files named after the tables (needs.csv, "
    "programmes.csv, ...) or an XLSX workbook with one sheet per table. It is "
    "checked first and nothing is written until you load it."
)


def unpack(upload, folder: Path) -> Path:
    """Write the upload into ``folder``; return the path the loader reads."""
    if upload.name.lower().endswith(".xlsx"):
        target = folder / Path(upload.name).name
        target.write_bytes(upload.getvalue())
        return target
    dataset = folder / Path(upload.name).stem
    dataset.mkdir()
    with zipfile.ZipFile(upload) as archive:
        for member in archive.infolist():
            name = Path(member.filename).name
            if member.is_dir() or not name.lower().endswith(".csv"):
                continue
            (dataset / name).write_bytes(archive.read(member))
    return dataset


upload = st.file_uploader(
    "Dataset (.zip of CSV files, or .xlsx)", type=["zip", "xlsx"], key="upload"
)
if upload is not None:
    with tempfile.TemporaryDirectory(prefix="tagraph-upload-") as folder:
        try:
            path = unpack(upload, Path(folder))
            report = load_dataset(data.connection(), path, dry_run=True)
        except ValidationFailed as failure:
            st.error(str(failure))
            st.code("\n".join(failure.problems), language=None)
        except (TagraphError, zipfile.BadZipFile) as error:
            st.error(f"{upload.name}: {error}")
        else:
            st.success("The dataset is valid.")
            st.code(report.summary(), language=None)
            if st.button("Load it", type="primary", key="load"):
                try:
                    loaded = load_dataset(data.connection(), path, by=viewer.name)
                except TagraphError as error:
                    st.error(str(error))
                else:
                    log.info(
                        "load %s of %s by %s (%s)",
                        loaded.load_id,
                        upload.name,
                        viewer.name,
                        viewer.role,
                    )
                    data.forget()
                    st.success(f"Loaded by {viewer.name}.")
                    st.code(loaded.summary(), language=None)

st.header("History of loads")
ui.show_table(data.table("loads"), "loads", empty="No loads yet.")
