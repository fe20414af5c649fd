"""The Upload tab: a partnerships list checked with the bundled file's rules (components/data/upload.py),
every problem listed by row, what the file would change (components/data/upload_diff.py), and the
choice to view the uploaded data or go back; the banner that says an upload is on the map.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.base.i18n import counted, t
from components.data import upload, upload_diff
from components.data.memberships import Dataset, ValidationContext
from components.data.upload import UploadCheck
from components.model.wording import markdown_text
from components.page import map_into_view
from components.page.builtin_texts import uploader_css, uploader_key
from components.page.keys import KEY_UPLOAD_SHOWN, KEY_UPLOADER_VERSION
from components.page.state import file_uploader_key, keep_upload, upload_check, upload_shown, view_upload
from components.render import exports

# The page lists this many problems (or changes); the downloads have them all. Thousands of rows
# in the page help no one and make every rerun of the session send them again. A check keeps
# no more problems than this as objects (the rest packed for the download).
MAX_SHOWN_ROWS = upload.KEPT_PROBLEMS


def _names(dataset: Dataset, lang: str) -> upload_diff.Names:
    # A few hundred names: built per run, not cached, so it always follows the dataset given.
    return upload_diff.Names.of(ValidationContext.build(dataset.catalog, dataset.cities), lang)


def row_labels(check: UploadCheck, dataset: Dataset, lang: str) -> dict[int, tuple[str, str]]:
    """Each row's municipality and partnership, by name, for the problems table."""
    return upload_diff.row_labels(check.comparison.row_keys, _names(dataset, lang))


def problems(check: UploadCheck, dataset: Dataset, lang: str) -> None:
    """Every problem, named by its row's municipality and partnership; downloadable."""
    labels = row_labels(check, dataset, lang)
    shown = check.result.problems[:MAX_SHOWN_ROWS]
    st.dataframe(upload.problems_table(shown, lang, labels), hide_index=True)
    _first_rows_note(check.result.problem_count, lang)
    st.download_button(
        t("upload.problems_download", lang),
        data=lambda: exports.to_csv(upload.problems_table(check.all_problems(), lang, labels)),
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
    if upload_shown(check):
        return
    if check.usable:
        st.info(t("upload_diff.pending", lang))
    with st.container(horizontal=True):
        if check.usable:
            rows = counted("rows", len(check.memberships), lang)
            st.button(t("upload_diff.view", lang, rows=rows), on_click=_view, args=(check,), type="primary")
        st.button(t("upload_diff.back", lang), on_click=go_back, key="upload_review_back")


def _view(check: UploadCheck) -> None:
    """Show the uploaded list on the map, and bring the map, far above this tab, into view."""
    view_upload(check)
    map_into_view.ask()


def _take_upload(dataset: Dataset) -> None:
    uploaded = st.session_state.get(file_uploader_key())
    if uploaded is None:
        keep_upload(None)
        return
    st.session_state.pop(KEY_UPLOAD_SHOWN, None)  # a new file is viewed only when chosen
    keep_upload(upload.check_upload(uploaded.getvalue(), uploaded.name, dataset))


def _drop_upload() -> None:
    keep_upload(None)
    st.session_state[KEY_UPLOADER_VERSION] = st.session_state.get(KEY_UPLOADER_VERSION, 0) + 1


def upload_banner(lang: str) -> None:
    """Says when the page shows an uploaded file. Always one container, empty or not, so the
    elements below keep their place and the map is not remounted by an upload."""
    banner = st.container()
    check = upload_check()
    if upload_shown(check):
        banner.warning(
            markdown_text(
                "upload.showing", lang, name=check.file_name, rows=counted("rows", len(check.memberships), lang)
            ),
            icon="📄",
        )
        banner.button(t("upload.back", lang), on_click=_drop_upload, key="upload_back")


def upload_panel(dataset: Dataset, lang: str) -> None:
    """The uploader, the check's summary and every problem, downloadable."""
    upload.warm_up()  # the checking process starts while the user picks a file
    map_into_view.follow()
    st.write(t("upload.intro", lang, limit=upload.MAX_UPLOAD_MB))
    # Our own CSS, made from the locale files; no data-derived text goes through it.
    st.html(uploader_css())
    st.container(key=uploader_key(lang)).file_uploader(
        t("upload.label", lang),
        type=["csv", "txt"],
        key=file_uploader_key(),
        on_change=_take_upload,
        args=(dataset,),
        max_upload_size=upload.MAX_UPLOAD_MB,
    )
    check = upload_check()
    if check is None:
        return
    result = check.result
    if result.is_clean:
        st.success(markdown_text("upload.clean", lang, name=check.file_name, count=len(result.rows)))
        review(check, dataset, lang, _drop_upload)
        return
    st.error(markdown_text("upload.summary", lang, name=check.file_name, **result.counts_text(lang)))
    if not check.usable:
        st.info(t("upload.nothing_usable", lang))
    problems(check, dataset, lang)
    review(check, dataset, lang, _drop_upload)
