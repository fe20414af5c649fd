"""Translations: plural forms, and no count text that says "1 partnerships"."""

from __future__ import annotations

import re

import pytest

from components.base.i18n import LANGUAGES, counted, display_names, name_column, plural_category, strings, t


def plural_keys(lang: str) -> set[str]:
    """Keys that have plural forms (key.one and key.other)."""
    return {key.rsplit(".", 1)[0] for key in strings(lang) if key.endswith((".one", ".other"))}


def test_the_plural_rule_of_finnish_swedish_and_english():
    assert [plural_category(n) for n in (0, 1, 2, 5, 11, 21, 101)] == [
        "other", "one", "other", "other", "other", "other", "other",
    ]  # fmt: skip


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_plural_key_has_both_forms_with_the_count(lang):
    keys = plural_keys(lang)
    assert {"count.municipalities", "count.rows", "upload.clean", "overlap.several", "data.problems"} <= keys
    for key in keys:
        for form in ("one", "other"):
            assert "{count}" in strings(lang)[f"{key}.{form}"], (key, form)


@pytest.mark.parametrize(
    ("lang", "one", "two"),
    [
        ("en", "1 municipality", "2 municipalities"),
        ("fi", "1 kunta", "2 kuntaa"),
        ("sv", "1 kommun", "2 kommuner"),
    ],
)
def test_a_count_takes_the_form_of_its_number(lang, one, two):
    assert counted("municipalities", 1, lang) == one
    assert counted("municipalities", 2, lang) == two


def test_messages_with_a_count_choose_their_form():
    assert t("upload.clean", "en", name="a.csv", count=1) == "a.csv: the file's 1 row is valid."
    assert t("upload.clean", "en", name="a.csv", count=3) == "a.csv: all 3 rows are valid."
    assert t("overlap.several", "fi", count=1).startswith("1 kunta on mukana")
    assert t("overlap.several", "fi", count=4).startswith("4 kuntaa on mukana")
    assert t("data.problems", "sv", count=1).endswith("den berörda raden visas inte.")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "18,000 problems"), ("fi", "18\u00a0000 ongelmaa"), ("sv", "18\u00a0000 problem")],
)
def test_a_count_is_grouped_as_its_language_writes_numbers(lang, expected):
    """An upload's 18,000 problems are not "18000 problems"; the form still follows the number."""
    assert counted("problems", 18_000, lang) == expected
    assert t("upload.clean", lang, name="a.csv", count=1001).count("1001") == 0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_locale_text_puts_a_bare_number_before_a_plural_noun(lang):
    """A number placeholder right before a noun ("{count} problems") reads "1 problems" for one:
    such texts go through the [count] forms instead."""
    bare = re.compile(r"\{(count|rows|accepted|rejected|problems|cities|members|groups)\} \w")
    offenders = [
        key for key, text in strings(lang).items() if not key.endswith((".one", ".other")) and bare.search(text)
    ]
    assert offenders == []


def test_every_region_has_a_name_in_each_language_and_english_pages_use_the_english_one():
    from components.data.catalog import bundled_catalog
    from components.data.memberships import load_cities
    from components.model.details import city_details

    cities, _ = load_cities()
    regions = cities[["region_code", "region_fi", "region_sv", "region_en"]].drop_duplicates()
    assert regions["region_code"].is_unique
    assert (regions[["region_fi", "region_sv", "region_en"]] != "").all().all()
    english = dict(zip(regions["region_code"], regions["region_en"], strict=True))
    assert english["02"] == "Southwest Finland" and english["19"] == "Lapland" and english["06"] == "Pirkanmaa"
    turku = {lang: city_details(bundled_rows(), bundled_catalog(), "853", lang).region for lang in LANGUAGES}
    assert turku == {"fi": "Varsinais-Suomi", "sv": "Egentliga Finland", "en": "Southwest Finland"}


def test_the_uploader_texts_are_ours_in_every_language_and_cannot_break_out_of_css():
    from components.page.builtin_texts import css_string, uploader_css

    css = uploader_css()
    for lang in LANGUAGES:
        assert f".st-key-uploader-{lang} " in css
        assert css_string(t("uploader.button", lang)) in css
    assert css.count("<") == 2  # <style> and </style> only
    literal = css_string('a"; } body { x: "</style><script>')
    assert literal.startswith('"') and literal.endswith('"') and '"' not in literal[1:-1]
    assert "<" not in literal and ";" not in literal and "}" not in literal


def test_the_workbook_lists_the_sources_in_its_language():
    import io

    import openpyxl

    from components.data.catalog import bundled_catalog
    from components.model.wording import source_line
    from components.render import exports

    catalog = bundled_catalog()
    exported = exports.export_rows(bundled_rows(), catalog, "fi")
    raw = exports.to_xlsx(exported, catalog, "Kaikki", "fi", "http://127.0.0.1:8501/?lang=fi")
    about = {row[0].value: row[1].value for row in openpyxl.load_workbook(io.BytesIO(raw))["Tietoja"].iter_rows()}
    for source_id, source in catalog.sources.items():
        assert about[source_id] == f"{source_line(source, 'fi')} — {source.url}"
    assert source_line(catalog.sources["S1"], "fi") != source_line(catalog.sources["S1"], "en")


def bundled_rows():
    from components.data.catalog import bundled_catalog
    from components.data.memberships import PARTNERSHIPS_PATH, join_cities, load_cities, validate_partnerships

    cities, _ = load_cities()
    return join_cities(validate_partnerships(PARTNERSHIPS_PATH.read_bytes(), bundled_catalog(), cities).rows, cities)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_disagreement_does_not_repeat_the_label_it_is_shown_under(lang):
    """The page shows each disagreement after a label ("Where sources disagree:", "Sources
    disagree – MAL."): the text itself starts with the facts, never with the label's words."""
    from components.data.catalog import bundled_catalog

    labels = [t("details.sources_disagree", lang).casefold(), t("column.sources_disagree", lang).casefold()]
    for partnership in bundled_catalog().partnerships:
        if partnership.discrepancy is not None:
            text = partnership.discrepancy.in_language(lang).casefold()
            assert not any(label in text for label in labels), (partnership.id, text[:60])


@pytest.mark.parametrize(
    ("lang", "name", "other"),
    [("fi", "Helsinki", "Helsingfors"), ("sv", "Helsingfors", "Helsinki"), ("en", "Helsinki", "Helsingfors")],
)
def test_a_municipality_is_named_in_the_page_language_with_its_other_official_name(lang, name, other):
    helsinki = {"name_fi": "Helsinki", "name_sv": "Helsingfors"}
    assert display_names(helsinki, lang) == (name, other)
    assert helsinki[name_column(lang)] == name
    assert display_names({"name_fi": "Oulu", "name_sv": "Oulu"}, lang) == ("Oulu", "")  # one name: said once


def test_every_view_names_municipalities_with_the_same_helper(fixture_dataset):
    """The details, the overlap matrix, the table and the map's labels all say Helsingfors on a
    Swedish page and Helsinki on the others."""
    import json

    from components.model.details import city_details
    from components.model.map import prepare_geometry
    from components.render import exports
    from components.render import overlaps as charts
    from components.render.map import map_view

    rows, catalog = fixture_dataset.memberships, fixture_dataset.catalog
    geometry = prepare_geometry(fixture_dataset.cities, None).by_code
    for lang, name in (("sv", "Helsingfors"), ("fi", "Helsinki"), ("en", "Helsinki")):
        assert city_details(rows, catalog, "091", lang).name == name
        matrix = charts.membership_matrix(rows, catalog, lang)
        assert set(matrix.loc[matrix["municipality_code"] == "091", "municipality"]) == {name}
        table = exports.table_view(exports.export_rows(rows, catalog, lang), lang)
        codes = table[t("column.code", lang)]
        assert set(table.loc[codes == "091", t("column.municipality", lang)]) == {name}
        assert json.loads(map_view(rows, catalog, geometry, lang).data)["labels"]["091"] == name
