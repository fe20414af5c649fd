"""The facts the bundled data states, in one place. Each assertion names its source; the source
ids (S1...) are those of data/catalog.toml and of the facts sheet (../shared/facts/partnerships.md),
whose "Updates after the release" are U1-U5. The next data update changes the data, its README
and this module; every other test runs on the small fixture folder (tests/fixtures/data)."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from components.data.catalog import bundled_catalog
from components.data.memberships import PARTNERSHIPS_PATH
from tests.helpers.facts import MEMBERS, MEMBERSHIP_ROWS, MUNICIPALITIES, PARTNERSHIPS_ON_MAP

# Hosts of official publishers: ministries, the Government, cities, regional councils and the
# EU structural funds programme's site.
OFFICIAL_HOSTS = {
    "tem.fi", "vnk.fi", "ym.fi", "ouka.fi", "paatokset.hel.fi", "mikkeli.fi", "www.hyvinkaa.fi",
    "tampere.cloudnc.fi", "rakennerahastot.fi", "www.kajaani.fi", "liitto.ekarjala.fi",
    "www.jyvaskylanseutu.fi", "www.pohjois-pohjanmaa.fi", "jyvaskyla.cloudnc.fi", "www.ely-keskus.fi",
    "julkaisut.raisio.fi",
    # the ecosystem cities' joint programme site, coordinated by the Regional Council of Pirkanmaa
    "innokaupungit.fi",
}  # fmt: skip
# Sources on other hosts, and what they are; each is labelled as such where it is cited.
OTHER_HOSTS = {
    "lawinsider.com": "third-party copies of the MAL preparatory groups' proposal texts (U2)",
    "www.biotalous.fi": "copy of the TEM release of 9.2.2021 (U1)",
    "eurocities.eu": "undated story, medium confidence (U4)",
    "www.sttinfo.fi": "the capital region cities' own release, distributed by STT Info",
}


def rows(dataset, partnership_id):
    frame = dataset.memberships
    return frame[frame["partnership_id"] == partnership_id]


def names(frame):
    return set(frame["name_fi"])


def host(url):
    return urlparse(url).netloc


# ------------------------------------------------------------------ the bundled file itself


def test_the_bundled_file_is_clean_and_every_row_is_kept(dataset):
    assert dataset.problems == []
    assert len(dataset.memberships) == dataset.rows_in_file == MEMBERSHIP_ROWS
    assert dataset.memberships["municipality_code"].nunique() == MUNICIPALITIES


def test_the_figures_other_tests_use_are_those_of_the_bundled_data(dataset):
    # tests/helpers/facts.py: what the browser and load tests expect the bundled map to draw.
    counted = dataset.memberships.groupby("partnership_id")["municipality_code"].nunique().to_dict()
    assert counted == MEMBERS
    assert len(MEMBERS) == PARTNERSHIPS_ON_MAP


# ------------------------------------------------------------------ members per partnership


def test_strategic_partnership_members(dataset):
    # S1, S2, S5: the six largest cities.
    assert names(rows(dataset, "strategic")) == {"Helsinki", "Espoo", "Tampere", "Vantaa", "Oulu", "Turku"}


def test_vitality_partnership_members(dataset):
    # S1, S2.
    assert names(rows(dataset, "vitality")) == {"Jyväskylä", "Kuopio", "Lahti"}


def test_growth_cities_thirteen_of_which_four_are_missing_from_the_swedish_release(dataset):
    # S3, S4 list thirteen; S1 names nine and says twelve; the four it omits are marked.
    growth = rows(dataset, "growth-cities")
    named_in_release = {"Pori", "Rovaniemi", "Mikkeli", "Porvoo", "Salo", "Kotka", "Kokkola", "Hyvinkää", "Kajaani"}
    omitted = {"Kouvola", "Vaasa", "Hämeenlinna", "Seinäjoki"}
    assert names(growth) == named_in_release | omitted
    assert set(growth.loc[growth["note"].str.contains("Not named in the Swedish release"), "name_fi"]) == omitted
    discrepancy = bundled_catalog().partnership("growth-cities").discrepancy.en
    assert "nine" in discrepancy and "twelve" in discrepancy and "thirteen" in discrepancy


def test_eastern_finland_partnership_is_planned(dataset):
    # S1: planned ("valmisteilla"); U5 (S15) confirms no founding date or members.
    east = rows(dataset, "east-finland")
    assert names(east) == {"Joensuu", "Lappeenranta", "Imatra"}
    assert set(east["status"]) == {"planned"} and set(east["since"]) == {""}
    others = dataset.memberships[dataset.memberships["partnership_id"] != "east-finland"]
    assert set(others["status"]) == {"active"}


def test_urban_policy_group_members_and_appointment(dataset):
    # S7: 23 cities; appointed October 2023 (U3); the term runs with the government's, to 2027.
    group = rows(dataset, "urban-policy-group")
    assert names(group) == {
        "Helsinki", "Espoo", "Tampere", "Vantaa", "Oulu", "Turku", "Jyväskylä", "Lahti", "Kuopio", "Pori",
        "Kouvola", "Joensuu", "Lappeenranta", "Vaasa", "Hämeenlinna", "Seinäjoki", "Rovaniemi", "Mikkeli",
        "Kotka", "Salo", "Porvoo", "Kokkola", "Kajaani",
    }  # fmt: skip
    assert set(group["since"]) == {"2023-10"}
    # No source gives an end day: the term is text, not a guessed date.
    assert set(group["until"]) == {""}
    partnership = bundled_catalog().partnership("urban-policy-group")
    assert partnership.start == "2023-10" and partnership.end == ""
    assert "2027" in partnership.term.en and "2027" in partnership.term.fi and "2027" in partnership.term.sv


def test_urban_policy_group_term_ends_at_the_earliest_with_the_elections_of_april_2027(dataset):
    # U11, S7: the term runs with the government's; the parliamentary elections of April 2027 end
    # it at the earliest, on no given day. From 1.4.2027 on its status is not known (periods.py).
    group = rows(dataset, "urban-policy-group")
    assert len(group) == 23 and set(group["until_earliest"]) == {"2027-04"}
    assert set(dataset.memberships.loc[dataset.memberships["until_earliest"] != "", "partnership_id"]) == {
        "urban-policy-group"
    }


def test_regional_cities_working_group_has_no_mapped_members(dataset):
    # S1: it exists; its members are not confirmed (facts sheet, "Not found").
    assert bundled_catalog().partnership("regional-cities").members_known is False
    assert rows(dataset, "regional-cities").empty


def test_strategic_alliance_dates(dataset):
    # S5: first meeting 16.11.2023; U4: Eurocities says "officially established in spring 2024".
    assert set(rows(dataset, "strategic")["since"]) == {"2023-11-16"}
    partnership = bundled_catalog().partnership("strategic")
    assert "spring 2024" in partnership.dates.en and "S14" in partnership.dates.en
    assert "medium confidence" in partnership.dates.en


# ------------------------------------------------------------------ ecosystem agreements (U1)

ECOSYSTEM = {
    "Helsinki", "Espoo", "Vantaa", "Tampere", "Turku", "Oulu", "Rovaniemi", "Vaasa", "Joensuu", "Kuopio",
    "Jyväskylä", "Lappeenranta", "Imatra", "Lahti", "Pori", "Seinäjoki", "Mikkeli", "Kajaani", "Sotkamo", "Kokkola",
}  # fmt: skip


def test_ecosystem_agreements_sixteen_agreements_eighteen_cities_twenty_municipalities(dataset):
    # S6 and S10 (U1): 16 agreements; Helsinki, Espoo and Vantaa share one (PKS), Imatra is in
    # Lappeenranta's and Sotkamo in Kajaani's. 18 named cities, 20 municipalities.
    eco = rows(dataset, "ecosystem")
    assert names(eco) == ECOSYSTEM and len(eco) == 20
    shared = {group: names(frame) for group, frame in eco[eco["group"] != ""].groupby("group")}
    assert shared == {
        "PKS": {"Helsinki", "Espoo", "Vantaa"},
        "Lappeenranta–Imatra": {"Lappeenranta", "Imatra"},
        "Kajaani–Sotkamo": {"Kajaani", "Sotkamo"},
    }
    agreements = (eco["group"] == "").sum() + len(shared)
    assert agreements == 16
    assert len(ECOSYSTEM - {"Imatra", "Sotkamo"}) == 18


def test_ecosystem_agreements_signed_9_2_2021_valid_until_31_12_2027(dataset):
    # S10 (TEM release 9.2.2021): signed 9.2.2021, valid until 31.12.2027.
    eco = rows(dataset, "ecosystem")
    assert set(eco["since"]) == {"2021-02-09"} and set(eco["until"]) == {"2027-12-31"}
    assert set(eco["period"]) == {"2021–2027"}
    partnership = bundled_catalog().partnership("ecosystem")
    assert (partnership.start, partnership.end) == ("2021-02-09", "2027-12-31")
    signed = [(e.date, e.kind, e.source, e.municipality) for e in partnership.events if e.kind == "signing"]
    assert signed == [("2021-02-09", "signing", "S10", "")]


def test_ecosystem_jyvaskyla_update_2025_2027_approved_3_2_2025(dataset):
    # U6, S26 (Jyväskylä city board 3.2.2025 § 32): the updated agreement 2025-2027 approved; an
    # update of Jyväskylä (179) alone. The other 15 agreements' updates were not found, and the
    # focus areas shown are the 2021 text.
    partnership = bundled_catalog().partnership("ecosystem")
    updates = [(e.date, e.kind, e.source, e.municipality, e.group) for e in partnership.events if e.kind == "update"]
    assert updates == [("2025-02-03", "update", "S26", "179", "")]
    assert "2025–2027" in partnership.events[-1].en and "city board" in partnership.events[-1].en
    assert "other 15 agreements' updates were not found" in partnership.discrepancy.en
    assert "muiden 15 sopimuksen päivityksiä ei löytynyt" in partnership.discrepancy.fi.lower()
    assert "övriga 15 avtalens uppdateringar hittades inte" in partnership.discrepancy.sv
    jyvaskyla = rows(dataset, "ecosystem").query("municipality_code == '179'")
    assert len(jyvaskyla) == 1 and jyvaskyla["focus_areas"].iloc[0]  # the 2021 text, kept


def test_the_twenty_is_labelled_as_our_reading_in_every_language():
    # U1: "twenty = 18 + Imatra + Sotkamo" is our reading, not a sourced fact.
    discrepancy = bundled_catalog().partnership("ecosystem").discrepancy
    assert "16" in discrepancy.en and "our own reading" in discrepancy.en
    assert "16" in discrepancy.fi and "oma tulkintamme" in discrepancy.fi
    assert "16" in discrepancy.sv and "vår egen tolkning" in discrepancy.sv


def test_nothing_says_eighteen_agreements():
    # U1: there are 16 agreements. No data file, document or text may say 18.
    from tests.helpers.paths import ROOT

    paths = [
        *ROOT.glob("data/*"),
        ROOT / "README.md",
        *ROOT.glob("components/base/locales/*.toml"),
        *ROOT.glob("docs/*.md"),
        *ROOT.glob("tests/**/*.py"),
    ]
    count = "18"  # written apart, so this module does not say it either
    words = ("agreements", "sopimusta", "avtal", "ekosysteemisopimusta", "ecosystem agreements")
    wrong = [f"{count} {word}" for word in words]
    for path in paths:
        if path.suffix in (".csv", ".toml", ".md", ".py"):
            text = path.read_text(encoding="utf-8").lower()
            assert not [phrase for phrase in wrong if phrase in text], path


def test_ecosystem_focus_areas_are_in_finnish_with_their_source(dataset):
    # Each member's own focus areas, as the cited official page lists them (Finnish); empty where
    # no official wording was found (Vaasa, U7).
    eco = rows(dataset, "ecosystem").set_index("name_fi")
    assert eco.loc["Lappeenranta", "focus_areas"] == "Vihreä sähköistäminen"  # S19
    assert eco.loc["Imatra", "focus_areas"] == eco.loc["Lappeenranta", "focus_areas"]
    assert "fotoniikka" in eco.loc["Joensuu", "focus_areas"]  # S17
    assert "vesiosaaminen" in eco.loc["Kuopio", "focus_areas"]  # S17
    assert "Sustainable industry X" in eco.loc["Tampere", "focus_areas"]  # S16
    assert "suurteholaskenta" in eco.loc["Kajaani", "focus_areas"]  # S18
    assert "OuluHealth" in eco.loc["Oulu", "focus_areas"]  # S21
    assert eco.loc["Kokkola", "focus_areas"].startswith("Akkukemia")  # S22
    assert eco.loc["Turku", "focus_areas"] == "Uudistuva teollisuus; lifescience-ala"  # S24
    # Quoted whole (U7), not shortened.
    assert (
        eco.loc["Lahti", "focus_areas"]
        == "Kaupunkien hiilineutraali kiertotalous sekä kansainvälinen urheiluliiketoiminta"
    )
    assert eco.loc["Rovaniemi", "focus_areas"].startswith(
        "Arktinen matkailu ja tulevaisuuden hyvinvointipalvelut"
    )  # U7
    assert "etäisyyksien hallinta" in eco.loc["Rovaniemi", "focus_areas"]
    assert eco.loc["Helsinki", "focus_areas"] == eco.loc["Vantaa", "focus_areas"]  # S24: one PKS agreement
    assert {name for name in ECOSYSTEM if not eco.loc[name, "focus_areas"]} == {"Vaasa"}  # none found (U7)
    with_focus = eco[eco["focus_areas"] != ""]
    assert (with_focus["focus_areas_source_url"] != "").all()
    catalog_urls = {source.url for source in bundled_catalog().sources.values()}
    assert set(with_focus["focus_areas_source_url"]) <= catalog_urls


# ------------------------------------------------------------------ MAL 2024-2035 (U2)

MAL = {
    "Helsingin seutu": {
        "Espoo", "Helsinki", "Hyvinkää", "Järvenpää", "Kauniainen", "Kerava", "Kirkkonummi", "Mäntsälä",
        "Nurmijärvi", "Pornainen", "Sipoo", "Tuusula", "Vantaa", "Vihti",
    },
    "Tampereen seutu": {"Kangasala", "Lempäälä", "Nokia", "Orivesi", "Pirkkala", "Tampere", "Vesilahti", "Ylöjärvi"},
    "Oulun seutu": {"Hailuoto", "Ii", "Kempele", "Liminka", "Lumijoki", "Muhos", "Oulu", "Tyrnävä"},
    "Kuopion seutu": {"Kuopio", "Lapinlahti", "Leppävirta", "Siilinjärvi", "Suonenjoki", "Tuusniemi"},
    "Turun seutu": {
        "Aura", "Kaarina", "Lieto", "Masku", "Mynämäki", "Naantali", "Nousiainen", "Paimio", "Parainen",
        "Raisio", "Rusko", "Sauvo", "Turku",
    },
    "Jyväskylän seutu": {
        "Hankasalmi", "Jyväskylä", "Laukaa", "Muurame", "Petäjävesi", "Toivakka", "Uurainen", "Äänekoski",
    },
    "Lahden seutu": {"Asikkala", "Heinola", "Hollola", "Iitti", "Kärkölä", "Lahti", "Orimattila"},
}  # fmt: skip
YM_RELEASE = "https://ym.fi/-//194055633/mal-sopimusten-neuvottelutulokset-saavutettu-valtion-ja-helsingin-tampereen-turun-oulun-lahden-jyvaskylan-ja-kuopion-kaupunkiseutujen-kanssa"
OULU_MAL = "https://ouka.fi/oulun-seutu/maankayton-asumisen-ja-liikenteen-sopimukset-mal"
HELSINKI_DECISION = "https://paatokset.hel.fi/fi/asia/hel-2024-014013?paatos=83a2ff21-1b7a-427a-8c5e-0a54f020adc4"


def test_mal_seven_city_regions_with_their_members(dataset):
    # S9 (proposal texts) for Helsinki 2024, Tampere, Oulu, Kuopio; the 2020/2021 lists for
    # Turku, Jyväskylä, Lahti (U2: their 2024 lists are not confirmed).
    mal = rows(dataset, "mal")
    assert {group: names(frame) for group, frame in mal.groupby("group")} == MAL
    assert len(mal) == 64


def test_mal_all_seven_regions_2024_2035_since_the_negotiation_results(dataset):
    # S11 (ym.fi 427/2024): negotiation results 23.9.2024 for all seven regions, 2024-2035; U8,
    # S12 (ouka.fi): the Oulu region's agreement was signed 13.12.2024, its start.
    mal = rows(dataset, "mal")
    assert set(mal["period"]) == {"2024–2035"}
    oulu = mal["group"] == "Oulun seutu"
    assert oulu.sum() == 8 and set(mal[oulu]["since"]) == {"2024-12-13"}
    assert set(mal[~oulu]["since"]) == {"2024-09-23"}
    assert set(mal["until"]) == {""}  # no source gives an end day
    for column, words in (
        ("note", "Since = the signing on 13.12.2024"),
        ("note_fi", "Alkaen = allekirjoitus 13.12.2024"),
        ("note_sv", "Sedan = undertecknandet 13.12.2024"),
    ):
        assert mal[oulu][column].str.contains(words, regex=False).all(), column
        assert mal[oulu][column].str.contains("S12", regex=False).all(), column


def test_mal_sources_are_the_official_pages(dataset):
    # U2: Helsinki rows cite the city's decision page (17.9.2024), Oulu rows ouka.fi (signed
    # 13.12.2024, not S8), the others the Ministry of the Environment's release.
    mal = rows(dataset, "mal")
    by_group = {group: set(frame["source_url"]) for group, frame in mal.groupby("group")}
    assert by_group.pop("Helsingin seutu") == {HELSINKI_DECISION}
    assert by_group.pop("Oulun seutu") == {OULU_MAL}
    assert all(urls == {YM_RELEASE} for urls in by_group.values())
    oulu = mal[mal["group"] == "Oulun seutu"]
    assert oulu["note"].str.contains("the signing on 13.12.2024 (City of Oulu, S12)", regex=False).all()
    assert not oulu["note"].str.contains("S8").any()


def test_mal_member_lists_are_cited_in_their_own_column_and_labelled(dataset):
    # U2: the Law Insider links are the preparatory groups' proposals on a third-party site.
    mal = rows(dataset, "mal")
    third_party = mal[mal["members_source_url"].map(host) == "lawinsider.com"]
    assert set(third_party["group"]) == {
        "Helsingin seutu", "Tampereen seutu", "Oulun seutu", "Kuopion seutu", "Turun seutu", "Lahden seutu",
    }  # fmt: skip
    assert third_party["members_source_label"].str.endswith("third-party copy").all()
    for group in ("Helsingin seutu", "Tampereen seutu", "Oulun seutu", "Kuopion seutu"):
        assert mal.loc[mal["group"] == group, "members_source_label"].str.startswith("proposal text").all()


def test_turku_jyvaskyla_lahti_lists_are_marked_not_confirmed(dataset):
    # U2: 2024-2035 agreements whose 2024 member lists are not confirmed.
    mal = rows(dataset, "mal")
    earlier = mal[mal["group"].isin(["Turun seutu", "Jyväskylän seutu", "Lahden seutu"])]
    assert earlier["note"].str.contains("the 2024 list is not confirmed").all()
    assert earlier["note_fi"].str.contains("vuoden 2024 luetteloa ei ole vahvistettu").all()
    assert earlier["note_sv"].str.contains("förteckningen för 2024 är inte bekräftad").all()


def test_mal_tampere_mal5_is_noted_and_s8_says_what_it_is(dataset):
    # U2: Tampere calls it "MAL5, 2024-2027". U8: S8's link is the city board of 16.9.2024 § 353,
    # so the notes cite the board there, and the council's decision as what it is.
    tampere = rows(dataset, "mal").query("group == 'Tampereen seutu'")
    assert tampere["note"].str.contains("MAL5, 2024–2027").all()
    assert tampere["note"].str.contains("city board 16.9.2024 § 353, S8").all()
    assert tampere["note_fi"].str.contains("kaupunginhallitus 16.9.2024 § 353, S8").all()
    assert tampere["note_sv"].str.contains("stadsstyrelsen 16.9.2024 § 353, S8").all()
    assert not tampere["note"].str.contains("council 21.10.2024 § 153, S8").any()
    s8 = bundled_catalog().sources["S8"]
    assert s8.url == "https://tampere.cloudnc.fi/fi-FI/content/398166/31555"
    assert "16.9.2024 § 353" in s8.title and "MAL5" in s8.title and s8.publisher == "Tampereen kaupunki"
    assert "board minutes" in s8.description.en


def test_mal_dated_events(dataset):
    # U8: S13 17.9.2024 (Helsinki region's negotiation result), S8 16.9.2024 § 353 (Tampere city
    # board's proposal) and 21.10.2024 § 153 (the council's decision, as S8 names it), S11
    # 23.9.2024 (all seven), S12 28.11.2024 (Government resolution) and 13.12.2024 (Oulu signed).
    events = [(e.date, e.kind, e.source, e.group) for e in bundled_catalog().partnership("mal").events]
    assert events == [
        ("2024-09-16", "proposal", "S8", "Tampereen seutu"),
        ("2024-09-17", "negotiation-result", "S13", "Helsingin seutu"),
        ("2024-09-23", "negotiation-result", "S11", ""),
        ("2024-10-21", "decision", "S8", "Tampereen seutu"),
        ("2024-11-28", "government-resolution", "S12", ""),
        ("2024-12-13", "signing", "S12", "Oulun seutu"),
    ]


def test_mal_signing_dates_not_found_are_said(dataset):
    # U8: Helsinki region planned to sign in December 2024 (S13): no day, so no signing event;
    # the other regions' signing dates were not found, and the dates note says so.
    mal = bundled_catalog().partnership("mal")
    assert [e.group for e in mal.events if e.kind == "signing"] == ["Oulun seutu"]
    assert "planned to sign in December 2024 (S13), but the date was not found" in mal.dates.en
    assert "the other regions' signing dates were not found" in mal.dates.en
    assert "joulukuulle 2024 (S13), mutta päivää ei löytynyt" in mal.dates.fi
    assert "december 2024 (S13), men dagen hittades inte" in mal.dates.sv


def test_turku_region_count_of_13_rests_on_raisio_names_unconfirmed(dataset):
    # U8, S28 (Raisio city board agenda 19.1.2026): the Turku region's MAL area has thirteen
    # municipalities; the names stay unconfirmed.
    turku = rows(dataset, "mal").query("group == 'Turun seutu'")
    assert len(turku) == 13
    assert turku["note"].str.contains("count of 13 municipalities is supported by Raisio", regex=False).all()
    assert turku["note_fi"].str.contains("13 kunnan määrää tukee Raision", regex=False).all()
    assert turku["note_sv"].str.contains("13 kommuner stöds av Reso", regex=False).all()
    mal = bundled_catalog().partnership("mal")
    assert "thirteen municipalities is supported by Raisio's city board agenda of 19.1.2026 (S28)" in mal.discrepancy.en
    assert bundled_catalog().sources["S28"].date == "2026-01-19"


def test_existing_events_have_their_kinds():
    # S5: announced 1.9.2023, first meeting 16.11.2023; S4: appointed 23.5.2024; S7: appointed
    # 10/2023; S1 and S15: Eastern Finland's release and the EUR 12 million context (funding).
    catalog = bundled_catalog()
    kinds = {p.id: [(e.date, e.kind, e.source) for e in p.events] for p in catalog.partnerships}
    assert kinds["strategic"] == [("2023-09-01", "announcement", "S5"), ("2023-11-16", "first-meeting", "S5")]
    assert kinds["growth-cities"] == [("2024-05-23", "appointment", "S4")]
    assert kinds["east-finland"] == [("2024-05-23", "announcement", "S1"), ("2025-10-09", "funding", "S15")]
    assert kinds["urban-policy-group"] == [("2023-10", "appointment", "S7")]


# ------------------------------------------------------------------ sources and notes


def test_every_row_cites_an_official_publisher(dataset):
    hosts = set(dataset.memberships["source_url"].map(host))
    assert hosts <= OFFICIAL_HOSTS, hosts - OFFICIAL_HOSTS


def test_every_catalog_source_has_a_publisher_and_says_what_it_is():
    for source_id, source in bundled_catalog().sources.items():
        assert source.publisher, source_id
        assert source.description is not None, source_id
        assert host(source.url) in OFFICIAL_HOSTS | OTHER_HOSTS.keys(), source_id
    # A copy says it is one.
    sources = bundled_catalog().sources
    assert "kolmannen osapuolen kopio" in sources["S9"].publisher
    assert "kopio" in sources["S10"].publisher


def test_every_catalog_source_says_when_it_was_last_checked():
    # The first audit after the release (facts "Updates after the release", 2026-11-28) or the
    # second ("Updates checked 2026-12-07"), never a day after the later one.
    sources = bundled_catalog().sources
    assert {source.checked for source in sources.values()} <= {"2026-11-28", "2026-12-07"}
    # U6-U8 rest on sources the second audit read: Jyväskylä's board (S26), the ELY Centre's MAL
    # round of 2020 (S27), Raisio's board agenda (S28), Rovaniemi's programme page (S25), Tampere (S8).
    for source_id in ("S8", "S25", "S26", "S27", "S28"):
        assert sources[source_id].checked == "2026-12-07", source_id


def test_the_datas_own_date_is_the_newest_checked_day():
    # data/README.md "Changed since the release": the day the sources were last checked.
    assert bundled_catalog().data_as_of == "2026-12-07"


def test_what_changed_is_listed_by_round_with_its_sources(dataset):
    # data/changes.toml: the release's corrections (U1-U5), the first audit (2026-11-28) and the
    # second (2026-12-07: U7, U8 Tampere, U9 and the sources' checked dates), newest first.
    changes = dataset.changes
    assert [change.date for change in changes] == sorted((change.date for change in changes), reverse=True)
    by_round = {}
    for change in changes:
        by_round.setdefault(change.round, []).append(change)
    assert {len(entries) for entries in by_round.values()} and set(by_round) == {
        "release",
        "audit-2026-11-28",
        "audit-2026-12-07",
    }
    second = {change.en.split(":")[0]: change for change in by_round["audit-2026-12-07"]}
    # U9: the four Swedish names, from Statistics Finland's classification (not a catalog source).
    names = second["Swedish names from the official municipality classification (stat.fi)"]
    assert "Ii = Ijo, Iitti = Itis, Laukaa = Laukas, Mynämäki = Virmo" in names.en and names.sources == ()
    # U7: Rovaniemi (S25), Lahti quoted whole (S24), Vaasa not found.
    focus = second["Ecosystem focus areas"]
    assert focus.sources == ("S25", "S24") and "Vaasa's official wording was not found" in focus.en
    # U8: Tampere's notes cite the board (S8).
    assert second["Tampere region's MAL notes"].sources == ("S8",)
    (checked,) = [change for text, change in second.items() if text.startswith("Every source says when")]
    assert {"S26", "S27", "S28"} <= set(checked.sources)
    # Every entry in three languages, each naming the same sources.
    for change in changes:
        assert change.fi and change.sv and change.en


def test_the_2021_mal_population_share_is_never_shown_as_current():
    # Facts U13: "the MAL agreements reach 55 % of Finland's inhabitants" is maankaytto.fi's
    # figure of 24.5.2021; on the 31.12.2024 figures the 64 MAL municipalities hold 57.7 %. No
    # text of the data, the code, the locales or the documentation states the 2021 share.
    root = PARTNERSHIPS_PATH.parents[1]
    texts = [
        *(root / "data").glob("*.toml"),
        root / "data" / "partnerships.csv",
        root / "data" / "README.md",
        *(root / "components").rglob("*.py"),
        *(root / "components" / "base" / "locales").glob("*.toml"),
        root / "README.md",
        *(root / "docs").glob("*.md"),
    ]
    share = re.compile(r"\b55(?:[ \u00a0]?%| ?(?:prosent|procent|per ?cent))", re.IGNORECASE)
    stated = [
        f"{path.name}: {line.strip()}"
        for path in texts
        for line in path.read_text("utf-8").splitlines()
        # A code comment is no text shown ("55 % of the chart's box" in overlaps.py).
        if share.search(line) and not (path.suffix == ".py" and line.strip().startswith("#"))
    ]
    assert stated == []
    assert share.search("MAL-sopimukset kattavat 55 % asukkaista")  # the check can fail
    assert share.search("55 procent av invånarna") and share.search("55 per cent")


def test_every_note_is_in_three_languages(dataset):
    with_note = dataset.memberships[dataset.memberships["note"] != ""]
    assert len(with_note) == len(dataset.memberships)
    assert (with_note["note_fi"] != "").all() and (with_note["note_sv"] != "").all()


def test_the_bundled_header_has_every_new_column():
    header = PARTNERSHIPS_PATH.read_text(encoding="utf-8").splitlines()[0].split(",")
    for column in ("until", "period", "note_fi", "note_sv", "members_source_url", "members_source_label"):
        assert column in header


# ------------------------------------------------------------------ population
# The population total of Statistics Finland's file (5,635,971 on 31.12.2024) is pinned here by
# the population work (components/data/population.py), read from ../shared at test time.


# ------------------------------------------------------------------ money (facts U12, U5)


def figures(dataset, partnership_id):
    return [figure for figure in dataset.funding if figure.partnership_id == partnership_id]


def test_the_mal_2020_2031_round_s_state_money_is_that_of_the_ely_centre_s_news(dataset):
    # U12, S27: at least EUR 755 million to transport projects, EUR 936 million reserved in all,
    # for the 2020-2031 agreements of the Helsinki, Tampere, Turku and Oulu regions.
    stated = {
        (f.amount_eur, f.qualifier, f.period, f.source, f.context) for f in figures(dataset, "mal") if f.amount_eur
    }
    assert stated == {
        (755_000_000, "at-least", "2020–2031", "S27", False),
        (936_000_000, "", "2020–2031", "S27", False),
    }
    for figure in figures(dataset, "mal"):
        if figure.source == "S27":  # the previous round, said to be so: not the agreements on the map
            assert "2024–2035" in figure.note_en and "Helsinki, Tampere, Turku and Oulu" in figure.note_en
            assert "transport" in figure.purpose_en or "in all" in figure.purpose_en
            # The four regions' money together: not shown as the Kuopio, Jyväskylä or Lahti region's.
            assert figure.groups == ("Helsingin seutu", "Tampereen seutu", "Turun seutu", "Oulun seutu")


def test_the_mal_2024_2035_round_gives_no_figure(dataset):
    # U12, S11: the state co-funds e.g. the Vantaa and Tampere tramways; each region's agreement
    # states its share per project; the facts give no figure, so none is invented.
    (figure,) = [f for f in figures(dataset, "mal") if f.period == "2024–2035"]
    assert (figure.amount_eur, figure.qualifier, figure.source) == (None, "not-given", "S11")
    assert "Vantaa and Tampere tramways" in figure.note_en


def test_the_eastern_finland_programme_s_money_is_context_for_the_planned_partnership(dataset):
    # U5, S15 (9.10.2025): EUR 12 million of the EUR 16.106 million to the Eastern and Northern
    # Finland programmes; the programme's money, not the partnership's.
    (figure,) = figures(dataset, "east-finland")
    assert (figure.amount_eur, figure.source, figure.date, figure.context) == (12_000_000, "S15", "2025-10-09", True)
    assert "EUR 16.106 million" in figure.note_en and "16,106 milj. euroa" in figure.note_fi
    assert "16,106 milj. euro" in figure.note_sv


def test_no_other_partnership_has_a_figure(dataset):
    assert {figure.partnership_id for figure in dataset.funding} == {"mal", "east-finland"}
    assert len(dataset.funding) == 4
