"""Every word in the page language, in a real browser (Debian's Chromium, no outside host):
chosen filter values are re-labelled on a language switch, and no English text is left on a
Finnish or Swedish page (main page, a city's details, the table, the upload tab, the tab title)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from components.base.i18n import LANGUAGES, strings
from components.data.catalog import bundled_catalog
from components.data.memberships import PARTNERSHIPS_PATH
from harness.browser import map_frame, new_page, open_app, script_run, wait_until
from tests.helpers.paths import POPULATION
from tests.helpers.servers import app_server

# Streamlit's own English texts that a page could show (the uploader's, the widgets').
STREAMLIT_ENGLISH = (
    "Skip to main content",
    "Drag and drop file here",
    "Browse files",
    "per file",
    "Choose an option",
    "No results",
    "Upload",
)
PLACEHOLDER = re.compile(r"\{[^}]*\}")


def catalog_texts(lang: str) -> list[str]:
    """The catalog's texts in one language: names, themes, governance, disagreements, dates."""
    catalog = bundled_catalog()
    texts = [theme.in_language(lang) for theme in catalog.themes.values()]
    for partnership in catalog.partnerships:
        texts.append(partnership.name(lang))
        for fact in (partnership.governance, partnership.discrepancy, partnership.dates):
            if fact is not None:
                texts.append(fact.in_language(lang))
    return texts


def english_only_texts() -> list[str]:
    """Texts of the data that are English and shown as they are on an English page: the rows'
    notes (`note`) and the sources as the English page lists them."""
    rows = pd.read_csv(PARTNERSHIPS_PATH, dtype=str, keep_default_na=False)
    sources = bundled_catalog().sources.values()
    labels = [source.label("en") if hasattr(source, "label") else source.title for source in sources]
    return [*(note for note in rows["note"] if note), *labels]


def english_phrases(lang: str) -> list[str]:
    """English texts that must not appear on a page in `lang`: every fragment between
    placeholders of the English locale, catalog and notes, unless the same words are text of
    `lang` too (a proper name, "CSV", "GeoJSON", a word both languages share). The languages'
    names are proper names, shown in their own language on every page."""
    own = "\n".join([*strings(lang).values(), *catalog_texts(lang)])
    phrases = set(STREAMLIT_ENGLISH)
    for text in [*strings("en").values(), *catalog_texts("en"), *english_only_texts()]:
        if text in {strings(code)["language.name"] for code in LANGUAGES}:
            continue
        for fragment in PLACEHOLDER.split(text):
            for piece in fragment.split("\n"):
                piece = piece.strip(" .,:;·()–-“”\"'")
                if len(re.sub(r"[^A-Za-z]", "", piece)) >= 3:
                    phrases.add(piece)
    return sorted(phrase for phrase in phrases if not re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", own))


def english_in(text: str, lang: str) -> list[str]:
    return [p for p in english_phrases(lang) if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)]


VISIBLE_TEXT = """() => [document.body.innerText,
    ...[...document.querySelectorAll('[data-testid="stDataFrame"] table')].map(t =>
        [...t.querySelectorAll('th, td')].map(c => c.textContent).join('\\n'))].join('\\n')"""


def visible_text(page) -> str:
    """What a reader sees: the tab title, the page's text (tables included: their cells are
    drawn on a canvas, with the cells in view mirrored in a table for assistive technology),
    and the map frame's (legend, scale, attribution)."""
    texts = [page.title(), page.evaluate(VISIBLE_TEXT)]
    frame = map_frame(page)
    if frame is not None:
        texts.append(frame.evaluate("() => document.body ? document.body.innerText : ''"))
    return "\n".join(texts)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app with city points and, so that their texts are scanned too, the population
    figures where the shared folder has them (read at test time)."""
    population = str(POPULATION) if POPULATION.exists() else "off"
    with app_server("off", tmp_path_factory.mktemp("cache"), FINMAP_POPULATION=population) as url:
        yield url


def chosen(page, testid: str, index: int = 0) -> str:
    return page.locator(f'[data-testid="{testid}"]').nth(index).inner_text()


def bad_upload(tmp_path):
    """A list with problems of several kinds (a row with a single field among them)."""
    path = tmp_path / "list.csv"
    header = "partnership_id,municipality_code,name_fi,name_sv,group,themes,status,since,source_url,note"
    rows = [
        "mal,091,Helsinki,,,,active,someday,https://tem.fi,",
        "mal",
        "nosuch,999,,,,,active,,https://tem.fi,",
        "urban-policy-group,092,Vantaa,,,,active,,https://tem.fi,",
    ]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def page_texts(page, url: str, tmp_path, lang: str) -> dict[str, str]:
    """The visible text of the main page with a city's details, the table tab, the compare tab
    and the upload tab after a list with problems was checked."""
    open_app(page, url, wait_for=".leaflet-interactive")
    page.get_by_role("heading", name=re.compile("Turku|Åbo")).wait_for(timeout=20_000)
    texts = {"main page and details": visible_text(page)}
    tabs = page.get_by_role("tab")
    with script_run(page):  # only the open tab runs
        tabs.nth(1).click()
    page.get_by_role("button", name=strings(lang)["export.csv"]).wait_for(timeout=20_000)
    page.locator('[data-testid="stDataFrame"] table').first.wait_for(state="attached", timeout=20_000)
    texts["table"] = visible_text(page)
    with script_run(page):
        page.get_by_role("tab", name=strings(lang)["compare.tab"]).click()
    page.get_by_role("button", name=strings(lang)["compare.png"]).wait_for(timeout=20_000)
    texts["compare tab"] = visible_text(page)
    with script_run(page):
        page.get_by_role("tab", name=strings(lang)["upload.tab"]).click()
    # The uploader's button is named in the page language (our words replace Streamlit's).
    page.get_by_role("button", name=strings(lang)["uploader.button"], exact=True).wait_for(timeout=20_000)
    texts["upload tab"] = visible_text(page)
    with script_run(page):
        page.locator('input[type="file"]').set_input_files(str(bad_upload(tmp_path)))
    page.get_by_role("button", name=strings(lang)["upload.problems_download"]).wait_for(timeout=20_000)
    # The problems table's cells are drawn after the run; its mirrored table holds them then.
    header = strings(lang)["problems_table.problem"]
    wait_until(page, f"(header) => ({VISIBLE_TEXT})().includes(header)", header, timeout=10_000)
    texts["upload problems"] = visible_text(page)
    return texts


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_no_english_text_on_a_finnish_or_swedish_page(page, server, lang, tmp_path):
    texts = page_texts(page, f"{server}/?lang={lang}&partnership=mal,growth-cities&region=02&city=853", tmp_path, lang)
    found = {view: english_in(text, lang) for view, text in texts.items()}
    assert not any(found.values()), "\n".join(f"{view}: {phrases}" for view, phrases in found.items())
    assert page.title() == strings(lang)["app.title"]
    # The problems table's headers are the page language's (they were the data's ids once).
    headers = [strings(lang)[f"problems_table.{name}"] for name in ("row", "column", "value", "problem")]
    assert all(header in texts["upload problems"] for header in headers)


def test_the_scan_finds_english_on_an_english_page(page, server, tmp_path):
    """The scan can fail: the same views in English show many English phrases."""
    texts = page_texts(page, f"{server}/?lang=en&partnership=mal,growth-cities&region=02&city=853", tmp_path, "en")
    for view, text in texts.items():
        assert len(english_in(text, "fi")) >= 3, view


def test_switching_language_relabels_the_chosen_values(page, server):
    open_app(
        page, f"{server}/?lang=fi&partnership=mal&status=active&region=02&city=853", wait_for=".leaflet-interactive"
    )
    map_frame(page).evaluate("() => { window.__finmap_mark = 'same map'; }")
    catalog = bundled_catalog()
    expected = {
        "fi": ("Varsinais-Suomi", "Turku (Åbo)", "Toiminnassa"),
        "sv": ("Egentliga Finland", "Åbo (Turku)", "Aktiv"),
        "en": ("Southwest Finland", "Turku (Åbo)", "Active"),
    }
    for lang in ("fi", "sv", "en"):
        if lang != "fi":
            with script_run(page):
                page.get_by_role("radio", name=strings(lang)["language.name"]).click(force=True)
            page.get_by_role("heading", name=strings(lang)["app.title"]).wait_for(timeout=20_000)
        region, city, status = expected[lang]
        partnerships = chosen(page, "stMultiSelect", 0)
        assert catalog.partnership("mal").name(lang) in partnerships
        others = [catalog.partnership("mal").name(other) for other in LANGUAGES if other != lang]
        assert not any(name in partnerships for name in others)
        assert status in chosen(page, "stMultiSelect", 2)
        assert region in chosen(page, "stMultiSelect", 3)
        assert page.locator('[data-testid="stSelectbox"] input').first.input_value() == city
        assert page.title() == strings(lang)["app.title"]
    # The values are still the state: the link keeps them, and adding a partnership keeps MAL.
    assert all(part in page.url for part in ("partnership=mal", "region=02", "city=853", "lang=en"))
    box = page.get_by_role("combobox", name=strings("en")["filters.partnership"])
    box.click()
    box.fill("Vitality")
    with script_run(page):
        page.get_by_role("option", name=catalog.partnership("vitality").name("en")).click()
    box.press("Tab")
    assert "partnership=vitality%2Cmal" in page.url or "partnership=mal%2Cvitality" in page.url, page.url
    # A language switch changes only the layers' labels: the map is not remounted.
    assert map_frame(page).evaluate("() => window.__finmap_mark") == "same map"


# What Streamlit writes in English on every page and the page cannot change (docs/accessibility.md,
# "Streamlit's own words"): held here so that anything new fails the scan below.
OUT_OF_OUR_HANDS: tuple[str, ...] = ()
# Streamlit's own English words a control shows or names (its "Select all", its table's CSV
# download), besides those the locale files' [words] table replaces.
STREAMLIT_CONTROLS_ENGLISH = ("Select all", "Download as CSV", "Clear all", "Choose date", "Previous month")

NAMES_JS = """() => [...document.querySelectorAll('[aria-label], [title], [placeholder], [alt], [aria-valuetext]')]
    .flatMap(e => ['aria-label', 'title', 'placeholder', 'alt', 'aria-valuetext'].map(a => e.getAttribute(a)))
    .filter(Boolean).join('\\n')"""


NAMED_JS = "(name) => [...document.querySelectorAll('[aria-label]')].some(e => e.getAttribute('aria-label') === name)"


def names_and_text(page) -> str:
    """What a reader sees and what a screen reader says: the visible text (visible_text) and
    every element's accessible name, title, placeholder, alternative text and spoken value."""
    return visible_text(page) + "\n" + page.evaluate(NAMES_JS)


def english_words_in(text: str, lang: str) -> list[str]:
    found = english_in(text, lang)
    found += [word for word in STREAMLIT_CONTROLS_ENGLISH if word in text]
    return sorted(set(found) - set(OUT_OF_OUR_HANDS))


@pytest.mark.parametrize(("lang", "locale"), [("fi", "fi-FI"), ("sv", "sv-FI")])
def test_no_english_name_tooltip_or_calendar_word_on_a_finnish_or_swedish_page(browser, server, lang, locale):
    """The sidebar open, a filter's list open, the date control's calendar open, the table with
    its toolbar's tooltip: no English in what is seen nor in what a screen reader says. The
    reader's browser speaks the page's language (the calendar's month and day names follow it)."""
    page = new_page(browser, viewport={"width": 1600, "height": 1100}, locale=locale)
    try:
        open_app(page, f"{server}/?lang={lang}&partnership=mal", wait_for=".leaflet-interactive")
        seen = {"sidebar open": names_and_text(page)}
        page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"] input').first.click()
        page.get_by_role("option").first.wait_for(timeout=10_000)
        seen["a filter's list open"] = names_and_text(page)
        page.keyboard.press("Escape")
        page.locator('[data-testid="stDateInputCalendarButton"]').click()
        page.get_by_role("dialog").get_by_role("grid").wait_for(timeout=10_000)
        # The calendar's buttons are named once its words are in (after its own render, on a busy
        # machine a moment later): read it then, or the scan sees Streamlit's word half put in.
        wait_until(page, NAMED_JS, arg=strings(lang)["words.next_month"])
        seen["the calendar open"] = names_and_text(page)
        page.keyboard.press("Escape")
        with script_run(page):
            page.get_by_role("tab").nth(1).click()
        page.locator('[data-testid="stDataFrame"] table').first.wait_for(state="attached", timeout=20_000)
        page.locator('[data-testid="stDataFrame"]').first.hover()
        page.locator('[data-testid="stElementToolbar"] button').first.hover()
        page.get_by_role("tooltip").wait_for(timeout=10_000)
        seen["the table and its toolbar's tooltip"] = names_and_text(page)
    finally:
        page.context.close()
    found = {view: english_words_in(text, lang) for view, text in seen.items()}
    assert not any(found.values()), "\n".join(f"{view}: {words}" for view, words in found.items())
    # The names are there, in the page's language (the scan looked at them).
    assert strings(lang)["words.collapse_sidebar"] in seen["sidebar open"]
    assert strings(lang)["words.previous_month"] in seen["the calendar open"]
    assert strings(lang)["words.show_hide_columns"] in seen["the table and its toolbar's tooltip"]


def test_the_name_scan_finds_streamlits_english_on_an_english_page(browser, server):
    """The scan can fail: on an English page Streamlit's words are there, and found."""
    page = new_page(browser, viewport={"width": 1600, "height": 1100}, locale="en-US")
    try:
        open_app(page, f"{server}/?lang=en", wait_for=".leaflet-interactive")
        text = names_and_text(page)
    finally:
        page.context.close()
    assert {"Collapse sidebar", "Choose date"} <= set(english_words_in(text, "fi"))
