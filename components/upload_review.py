"""The upload panel's second half: what the file would change (components/upload_diff.py), and
the choice to view the uploaded data or go back. Until the user chooses, the map keeps the
bundled data: `shown()` is the one place the page asks whether an upload is on the map."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components import exports, upload, upload_diff
from components.data import Dataset, ValidationContext
from components.i18n import counted, t
from components.upload import UploadCheck

KEY_SHOWN = "_upload_shown"  # the digest of the upload the user chose to view
# The page lists this many problems (or changes); the downloads have them all. Thousands of rows
# in the page help no one and make every rerun of the session send them again.
MAX_SHOWN_ROWS = 500


def shown(check: UploadCheck | None) -> bool:
    """Whether the page shows this upload: usable, and chosen by the user."""
    return check is not None and check.usable and st.session_state.get(KEY_SHOWN) == check.digest


def _view(check: UploadCheck) -> None:
    st.session_state[KEY_SHOWN] = check.digest


def _names(dataset: Dataset, lang: str) -> upload_diff.Names:
    # A few hundred names: built per run, not cached, so it always follows the dataset given.
    return upload_diff.Names.of(ValidationContext.build(dataset.catalog, dataset.cities), lang)


def row_labels(check: UploadCheck, dataset: Dataset, lang: str) -> dict[int, tuple[str, str]]:
    """Each row's municipality and partnership, by name, for the problems table."""
    return upload_diff.row_labels(check.comparison.row_keys, _names(dataset, lang))


def problems(check: UploadCheck, dataset: Dataset, lang: str) -> None:
    """Every problem, named by its row's municipality and partnership; downloadable."""
    labels = row_labels(check, dataset, lang)
    found = check.result.problems
    st.dataframe(upload.problems_table(found[:MAX_SHOWN_ROWS], lang, labels), hide_index=True)
    _first_rows_note(len(found), lang)
    st.download_button(
        t("upload.problems_download", lang),
        data=lambda: exports.to_csv(upload.problems_table(found, lang, labels)),
        file_name=f"problems_{check.file_name.rsplit('.', 1)[0][:40]}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )


def _first_rows_note(count: int, lang: str) -> None:
    if count > MAX_SHOWN_ROWS:
        st.caption(t("upload_diff.first_rows", lang, shown=MAX_SHOWN_ROWS, count=count))


def review(check: UploadCheck, dataset: Dataset, lang: str, go_back: Callable[[], None]) -> None:
    """The comparison (table and CSV) and, while the user has not chosen, the two buttons."""
    if check.usable:
        st.subheader(t("upload_diff.title", lang))
        st.write(upload_diff.summary(check.comparison, lang))
        if not check.comparison.unchanged:
            names = _names(dataset, lang)
            listed = upload_diff.Comparison(check.comparison.changes[:MAX_SHOWN_ROWS])
            st.dataframe(upload_diff.comparison_table(listed, names, lang), hide_index=True)
            _first_rows_note(len(check.comparison.changes), lang)
            st.download_button(
                t("upload_diff.download", lang),
                data=lambda: exports.to_csv(upload_diff.comparison_table(check.comparison, names, lang)),
                file_name=f"comparison_{check.file_name.rsplit('.', 1)[0][:40]}.csv",
                mime="text/csv",
                on_click="ignore",
                icon=":material/download:",
            )
    if shown(check):
        return
    if check.usable:
        st.info(t("upload_diff.pending", lang))
    with st.container(horizontal=True):
        if check.usable:
            rows = counted("rows", len(check.memberships), lang)
            st.button(t("upload_diff.view", lang, rows=rows), on_click=_view, args=(check,), type="primary")
        st.button(t("upload_diff.back", lang), on_click=go_back, key="upload_review_back")
