"""Data: choose the dataset every page shows, import files in any supported format, see what was kept
and what was rejected (row, column, value, reason), download the result, update the record."""

from __future__ import annotations

import io

import streamlit as st

from pages import _cache
from trajmap import dataset, export, importers, records
from trajmap.escape import markdown_text as md
from trajmap.views import data as dv

_cache.require_navigation()
st.title("Data")
info = dataset.record_info()
st.caption(md(info.text))

# ---------------------------------------------------------------- which dataset the pages show
held: dict[str, dv.Imported] = st.session_state.setdefault("_imports", {})
choices = list(dv.CHOICES)
st.session_state.setdefault("dataset_choice", _cache.dataset_choice())
choice = st.radio("Dataset the pages show", choices, format_func=dv.CHOICES.__getitem__, key="dataset_choice")
st.session_state["_dataset_choice"] = choice  # kept when this page's widgets are gone
shown, notice = _cache.launches()
if notice:
    st.info(md(notice))
st.write(
    f"Showing {shown['event_id'].nunique():,} launch events and {len(shown):,} estimates, "
    f"{shown['date'].min().date()} to {shown['date'].max().date()}."
)
by_source = shown.groupby("source_dataset", dropna=False).size().rename("estimates").reset_index()
st.dataframe(by_source, hide_index=True)
st.download_button(
    "Download this dataset (CSV)",
    export.to_csv_safe(shown),
    file_name=f"trajmap-{choice}.csv",
    mime="text/csv",
    key="dl_dataset",
)

# ---------------------------------------------------------------- import files
st.header("Import files")
limit_mb = st.get_option("server.maxUploadSize")
st.caption(
    "Formats: " + "; ".join(dv.FORMATS.values()) + f". Up to {limit_mb} MB a file. Your files stay in this "
    "browser session: they are not stored or sent on."
)
uploads = st.file_uploader(
    "Files to import", type=["csv", "xlsx", "json"], accept_multiple_files=True, key="data_uploads"
)
pending = [u for u in uploads or [] if u.file_id not in held]
nagix = {u.name: u for u in pending if u.name.lower().endswith(".json")}
if nagix:
    if len(nagix) < 3:
        st.warning(
            md(
                "The nagix record is three files "
                f"({', '.join(importers.nagix.FILES.values())}): add the rest."
            )
        )
    else:
        try:
            got = dv.import_nagix({name: u.getvalue() for name, u in nagix.items()})
        except records.RecordError as exc:
            st.error(md(str(exc.problems[0])))
        else:
            held["+".join(sorted(u.file_id for u in nagix.values()))] = got
            for u in nagix.values():
                held.setdefault(u.file_id, dv.Imported(u.name, "nagix", got.result))
for u in pending:
    if u.name.lower().endswith(".json"):
        continue
    data = u.getvalue()
    fmt = dv.detect_format(u.name, data[:65536])
    mapping: dict[str, str] = {}
    constants: dict[str, str] = {}
    if fmt == "table":
        try:
            table = importers.read_table(io.BytesIO(data))
        except records.RecordError as exc:
            st.error(md(f"{u.name}: {exc.problems[0]}"))
            continue
        with st.form(f"map_{u.file_id}"):
            st.subheader(md(f"Map the columns of {u.name}"))
            st.caption(
                "Say which of your columns holds each of trajmap's; "
                "give a value for all rows where you have none."
            )
            guess = importers.suggest_mapping(table.header)
            options = ["(none)", *table.header]
            for col in records.COLUMNS:
                if col.name.startswith("source_") and col.name != "source_url":
                    continue
                left, right = st.columns(2)
                derived = {"event_id": "one event per date", "site": "named by its coordinates"}
                needed = col.required and col.name not in derived
                note = (
                    " (required)"
                    if needed
                    else f" (if none: {derived[col.name]})"
                    if col.name in derived
                    else ""
                )
                pick = left.selectbox(
                    f"{col.name}{note}",
                    options,
                    index=options.index(guess[col.name]) if col.name in guess else 0,
                    key=f"map_{u.file_id}_{col.name}",
                    help=col.doc or None,
                )
                if pick != "(none)":
                    mapping[col.name] = pick
                elif needed:
                    value = right.text_input(
                        f"or one {col.name} for every row", key=f"const_{u.file_id}_{col.name}"
                    )
                    if value.strip():
                        constants[col.name] = value.strip()
            if not st.form_submit_button("Import with this mapping"):
                continue
    try:
        held[u.file_id] = dv.import_file(u.name, data, fmt=fmt, mapping=mapping, constants=constants)
    except records.RecordError as exc:
        st.error(md(f"{u.name} was not imported: no row could be read."))
        st.dataframe(
            [{"row": p.row, "column": p.column, "value": p.value, "reason": p.reason} for p in exc.problems],
            hide_index=True,
        )
# forget files the user removed from the uploader
present = {u.file_id for u in uploads or []}
for key in [k for k in held if not set(k.split("+")) & present]:
    del held[key]

# ---------------------------------------------------------------- the validation report
distinct = {id(i.result): i for i in held.values()}.values()
if distinct:
    st.header("Validation report")
    st.dataframe(dv.report(list(distinct)), hide_index=True)
    for i in distinct:
        if not i.result.problems:
            continue
        with st.expander(f"{md(i.name)}: {len(i.result.rejected)} rejected rows", expanded=True):
            st.caption(
                "row = the line (or sheet row, or record number) in your file; nothing is dropped silently."
            )
            st.dataframe(i.result.problem_table(), hide_index=True)
            st.download_button(
                "Download the rejected rows with their reasons (CSV)",
                export.to_csv_safe(i.result.rejected_table()),
                file_name=f"rejected-{i.name}.csv",
                mime="text/csv",
                key=f"dl_rejected_{i.name}",
            )

# ---------------------------------------------------------------- update the record
st.header("Update the record")
st.caption(
    md(
        "Fetches the latest nagix/nk-missile-tests files from "
        f"{importers.nagix.PUBLISHER_URL}, validates them and swaps them in at once: "
        "the record in use is unchanged if anything fails."
    )
)
if st.button("Update the record", key="update_record"):
    bar = st.progress(0.0, text="Fetching the record")

    def _step(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Step {done} of {total}")

    try:
        new = dataset.update_record(_step)
    except dataset.UpdateError as exc:
        bar.empty()
        st.error(md(f"The record was not updated: {exc}"))
    else:
        bar.progress(1.0, text="Done")
        st.success(md(new.text))
