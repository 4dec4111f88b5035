"""The gazetteer, toponym resolution, the places component and `tidings eval places`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings import settings
from tidings.places import (
    Toponym,
    capital_descriptions,
    distance_km,
    get_gazetteer,
    naive_place,
    name_key,
    resolve,
)

DATA = Path(settings.get("data_dir"))
needs_gwn = pytest.mark.skipif(
    not (DATA / "geowebnews" / "data" / "GWN.xml").is_file(),
    reason=f"GeoWebNews not found under {DATA}",
)


def toponyms(text: str, names: list[str], countries: dict[str, str] | None = None):
    """One Toponym per name, with every whole-word occurrence of it as a mention."""
    found = []
    for name in names:
        spans = tuple(
            (m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(name)}(?!\w)", text)
        )
        found.append(Toponym(name, (name,), spans, "GPE", (countries or {}).get(name)))
    return found


def resolved(text: str, names: list[str], countries: dict[str, str] | None = None):
    return dict(zip(names, resolve(text, toponyms(text, names, countries)), strict=True))


# --- the gazetteer ----------------------------------------------------------------------


def test_name_key_ignores_case_accents_hyphens_and_the():
    assert name_key("Nur-Sultan") == name_key("nur sultan") == name_key("NUR–SULTAN")
    assert name_key("Qarabağ") == "qarabag"
    assert name_key("The Gambia") == "gambia"
    assert name_key("Washington, D.C.") == "washington dc"


def test_gazetteer_exact_and_alias_lookup():
    gaz = get_gazetteer()
    astana = {c.gazetteer_id for c in gaz.lookup("Astana")}
    assert "geonames:1526273" in astana
    # Former names and exonyms are aliases of the city.
    assert "geonames:1526273" in {c.gazetteer_id for c in gaz.lookup("Nur-Sultan")}
    kyiv = {c.gazetteer_id for c in gaz.lookup("Kiev")}
    assert "geonames:703448" in kyiv


def test_gazetteer_transliteration_and_near_misses():
    gaz = get_gazetteer()
    assert gaz.lookup("Qarabağ")[0].gazetteer_id == "tidings:karabakh"
    assert "tidings:karabakh" in {c.gazetteer_id for c in gaz.lookup_spelling("Karabagh")}
    near = {c.name for c in gaz.lookup_fuzzy("Tskhinval")}
    assert any(name_key(n) == "tskhinvali" for n in near)
    assert gaz.lookup_fuzzy("Kyiv") == []  # too short for a near miss


def test_gazetteer_capitals_countries_and_subdivisions():
    gaz = get_gazetteer()
    tashkent = next(c for c in gaz.lookup("Tashkent") if c.kind == "city")
    assert (tashkent.feature, tashkent.country) == ("P.PPLC", "UZB")
    georgia = gaz.country("GEO")
    assert georgia is not None and georgia.feature == "A.PCLI"
    assert distance_km(georgia.lat, georgia.lon, 42.0, 43.5) < 50
    state = next(c for c in gaz.lookup("Georgia") if c.kind == "subdivision")
    assert (state.country, state.feature) == ("USA", "A.ADM1")
    assert state.gazetteer_id == "geonames:4197000"
    # A subdivision's point is the middle of its cities: inside the state.
    assert 30 < state.lat < 35 and -86 < state.lon < -81


def test_regions_file_places_have_points_and_spellings():
    gaz = get_gazetteer()
    for name in ("Donbas", "Kashmir", "Sahel", "Gaza Strip", "West Bank", "Kurdistan",
                 "Abkhazia", "South Ossetia", "Transnistria", "Balochistan", "Fergana Valley",
                 "Central Asia", "South Caucasus", "Middle East", "Crimea", "Artsakh"):  # fmt: skip
        found = gaz.lookup(name)
        assert found, name
        assert all(-90 <= c.lat <= 90 and -180 <= c.lon <= 180 for c in found), name
    assert gaz.lookup("Tskhinvali region")[0].country == "GEO"


def _lookup_in_fresh_process(cache_home: Path) -> list[str]:
    """Gazetteer ids for "Qarabağ", looked up in a new process with its own cache folder."""
    code = (
        "import json\n"
        "from tidings.places import get_gazetteer\n"
        "g = get_gazetteer(); g.warm()\n"
        "assert get_gazetteer() is g\n"
        "print(json.dumps([c.gazetteer_id for c in g.lookup('Qarabağ')]))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env)  # fmt: skip
    return json.loads(out.stdout)


def test_gazetteer_builds_its_cache_once_and_reads_it_back(tmp_path):
    # Load time and memory are measured by benchmarks/bench_extract.py, not asserted here.
    found = _lookup_in_fresh_process(tmp_path)
    assert found == ["tidings:karabakh"]
    cached = list((tmp_path / "tidings").glob("gazetteer-*.pickle"))
    assert len(cached) == 1
    built_at = cached[0].stat().st_mtime_ns
    assert _lookup_in_fresh_process(tmp_path) == found
    assert cached[0].stat().st_mtime_ns == built_at


def test_a_damaged_cache_file_is_rebuilt(tmp_path, monkeypatch):
    from tidings.places import _gazetteer

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = _gazetteer.cache_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    assert _gazetteer._load_cached(path) is None


# --- resolution -------------------------------------------------------------------------


def test_paris_in_an_article_about_france_is_the_french_capital():
    text = "The president arrived in Paris on Monday for talks with France's prime minister."
    places = resolved(text, ["Paris", "France"], {"France": "FRA"})
    assert places["Paris"].gazetteer_id == "geonames:2988507"
    assert places["France"].country == "FRA"


def test_x_comma_state_is_honoured():
    text = "He grew up in Paris, Texas, a town of 25,000 people."
    places = resolved(text, ["Paris", "Texas"])
    assert places["Paris"].country == "USA"
    assert "inside 'Texas'" in places["Paris"].why


def test_a_list_of_places_is_not_x_comma_container():
    text = "After stops in Washington, New York and Boston, the prince flew home."
    places = resolved(text, ["Washington", "New York", "Boston"])
    assert places["Washington"].gazetteer_id == "geonames:4140963"
    assert places["New York"].gazetteer_id == "geonames:5128581"  # the city


def test_georgia_is_the_country_beside_tbilisi_and_the_state_beside_atlanta():
    tbilisi = resolved("Talks in Tbilisi ended. Georgia signed.", ["Tbilisi", "Georgia"],
                       {"Georgia": "GEO"})  # fmt: skip
    assert tbilisi["Georgia"].gazetteer_id == "geonames:614540"
    atlanta = resolved("Voters in Atlanta lined up. Georgia counted ballots.",
                       ["Atlanta", "Georgia"], {"Georgia": "GEO"})  # fmt: skip
    assert atlanta["Georgia"].gazetteer_id == "geonames:4197000"
    assert "contains Atlanta" in atlanta["Georgia"].why


def test_a_country_name_alone_stays_the_country():
    places = resolved("Georgia and the United States signed a trade pact.",
                      ["Georgia", "United States"], {"Georgia": "GEO", "United States": "USA"})
    assert places["Georgia"].country == "GEO"


def test_country_sized_name_never_becomes_a_town_or_building():
    gaz = get_gazetteer()
    # Towns called "Chechnya" (Ukraine) and "Jordan" (USA) exist; the names mean more.
    places = resolved("Fighting in Chechnya. Jordan closed its border.", ["Chechnya", "Jordan"],
                      {"Jordan": "JOR"})  # fmt: skip
    assert places["Chechnya"].feature == "A.ADM1" and places["Chechnya"].country == "RUS"
    assert places["Jordan"].feature == "A.PCLI"
    assert any(c.kind == "city" for c in gaz.lookup("Chechnya"))


def test_possessive_region_of_a_country_resolves_inside_it():
    places = resolved("Floods hit Georgia's Samegrelo region on Monday.",
                      ["Georgia", "Samegrelo"], {"Georgia": "GEO"})  # fmt: skip
    assert places["Samegrelo"].country == "GEO"
    assert places["Samegrelo"].feature == "A.ADM1"


def test_washington_alone_is_the_capital_and_washington_state_the_state():
    assert resolved("Officials in Washington said.", ["Washington"])["Washington"].gazetteer_id \
        == "geonames:4140963"
    state = resolved("Washington state officials met in Seattle.", ["Washington", "Seattle"])
    assert state["Washington"].feature == "A.ADM1"


def test_disputed_region_spelled_two_ways_and_near_miss_spelling():
    places = resolved("Shelling near Qarabağ. Nagorno-Karabakh was calm. Tskhinval too.",
                      ["Qarabağ", "Nagorno-Karabakh", "Tskhinval"])  # fmt: skip
    assert places["Qarabağ"].gazetteer_id == places["Nagorno-Karabakh"].gazetteer_id \
        == "tidings:karabakh"
    assert places["Tskhinval"].country == "GEO"
    [near] = resolve("Tskinvali.", toponyms("Tskinvali.", ["Tskinvali"]))
    assert near.country == "GEO" and "near miss" in near.why


def test_england_is_the_part_not_the_whole_united_kingdom():
    places = resolved("Rain across England.", ["England"], {"England": "GBR"})
    assert places["England"].feature == "A.ADM1" and places["England"].country == "GBR"


def test_facility_named_like_a_small_town_gets_no_place():
    [place] = resolve("at Heathrow airport", [Toponym("Heathrow", (), ((3, 11),), "FAC")])
    assert place is None


def test_every_resolution_says_why():
    places = resolved("Talks in Astana. Tashkent agreed.", ["Astana", "Tashkent"])
    for place in places.values():
        assert place.why and "score" in place.why


def test_unknown_name_resolves_to_nothing():
    assert resolve("Zzyzxq said.", toponyms("Zzyzxq said.", ["Zzyzxq"])) == [None]


def test_capital_descriptions():
    text = "The Kazakh capital hosted it; the capital of Uzbekistan, Tashkent, too."
    assert capital_descriptions(text) == [(0, 18, "KAZ"), (30, 55, "UZB")]


def test_naive_baseline_is_most_populous_exact_match():
    gaz = get_gazetteer()
    best = naive_place("Paris")
    assert best.population == max(c.population for c in gaz.lookup("Paris"))
    assert best.country == "FRA"
    assert naive_place("Nowhere-in-particular-123") is None


# --- the pipeline component -------------------------------------------------------------


def test_component_writes_places_and_links_the_kazakh_capital(extractor):
    from tidings import extract

    doc = extract(
        "Uzbek President Shavkat Mirziyoyev arrived in Astana on Monday. Talks in "
        "the Kazakh capital focused on water. Tashkent will host the next round."
    )
    by_name = {e.name: e for e in doc.entities}
    astana = by_name["Astana"]
    assert astana.place.gazetteer_id == "geonames:1526273"
    assert "the Kazakh capital" in {m.text for m in astana.mentions}
    assert by_name["Tashkent"].place.country == "UZB"
    for entity in doc.entities:
        if entity.type == "PERSON":
            assert entity.place is None


def test_component_is_in_the_pipeline_after_entity_groups():
    from tidings.nlp.pipeline import COMPONENTS

    assert COMPONENTS.index("tidings_places") > COMPONENTS.index("tidings_entity_groups")


# --- tidings eval places ----------------------------------------------------------------


@needs_gwn
@pytest.mark.data
def test_geowebnews_loader_keeps_toponyms_with_coordinates_that_slice():
    from tidings.eval.places import load

    articles = load(limit=5)
    assert len(articles) == 5
    for article in articles:
        for t in article.toponyms:
            assert article.text[t.start : t.end] == t.text
            assert -90 <= t.lat <= 90


@needs_gwn
@pytest.mark.data
def test_eval_places_gold_spans_beats_the_baseline():
    from tidings.eval.places import evaluate

    report, table = evaluate(limit=15, end_to_end_too=False)
    ours, base = report["gold_spans"]["tidings"], report["gold_spans"]["baseline"]
    assert ours["toponyms"] == base["toponyms"] > 50
    assert ours["acc_161km"] >= base["acc_161km"]
    assert ours["exact"] >= base["exact"]
    assert "baseline" in table and "acc@161" in table


@needs_gwn
@pytest.mark.data
def test_cli_eval_places_runs_both_settings(extractor):
    import json

    from tidings.cli import main

    result = CliRunner().invoke(main, ["eval", "places", "--limit", "2", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report["end_to_end"]) >= {"tidings", "baseline", "toponyms_found"}
    assert report["gold_spans"]["tidings"]["toponyms"] > 0


def test_cli_eval_places_missing_data_is_one_line_error(tmp_path):
    from tidings.cli import main

    result = CliRunner().invoke(main, ["eval", "places", "--data-dir", str(tmp_path)])
    assert result.exit_code != 0
    assert "evaluation data not found" in result.output
