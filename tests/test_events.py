"""PLOVER events: triggers, actors with attributes, place and date, truth status,
confidence, the lexicons, and the events scorer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings import settings
from tidings.model import Document, Event, EventActor, EventDate, Evidence, TextSpan

DATA = Path(settings.get("data_dir"))
needs_gsr = pytest.mark.skipif(
    not (DATA / "plover_gsr").is_dir(), reason=f"plover_gsr not found at {DATA}"
)


def _extract(extractor, text: str, published: str | None = "2024-03-14") -> Document:
    from tidings.model import RawArticle

    raw = RawArticle(source="<test>", text=text, published=published)
    ((_, doc),) = list(extractor.run([raw]))
    assert isinstance(doc, Document), doc
    return doc


def _names(doc: Document) -> dict[str, str]:
    return {e.id: e.name for e in doc.entities}


def _events(doc: Document, type_: str) -> list[Event]:
    return [e for e in doc.events if e.type == type_]


# --- the lexicons -----------------------------------------------------------------------


def test_lexicon_modes_and_types_are_plover_ones():
    from tidings.nlp.events.lexicon import triggers
    from tidings.plover import event_types

    types = event_types()
    assert len(types) == 16
    assert set(types["CONSULT"].modes) >= {"visit", "third-party", "multilateral", "phone"}
    assert set(types["ASSAULT"].modes) >= {"firearms", "explosives", "aerial", "drone"}
    lexicon = triggers()
    entries = [e for group in (lexicon.single, lexicon.multi) for es in group.values() for e in es]
    assert {e.type for e in entries} == set(types)
    for entry in entries:
        assert entry.mode is None or entry.mode in types[entry.type].modes, entry
        assert 0 < entry.strength < 1


def test_lexicon_contexts_include_the_issue_ones():
    from tidings.nlp.events.lexicon import context_cues, triggers

    contexts = {c for cues in context_cues().values() for _, c in cues}
    contexts |= {c for es in triggers().single.values() for e in es for c in e.context}
    assert {"military", "intelligence", "terrorism", "diplomatic", "territory", "crime",
            "illegal_drugs"} <= contexts


def test_lexicon_unknown_word_class_is_an_error_naming_the_line():
    from tidings.nlp.events.lexicon import LexiconError, _parse_condition

    with pytest.raises(LexiconError, match="x.tsv:3: unknown word class"):
        _parse_condition("obj=@nonesuch", {}, "x.tsv:3")
    with pytest.raises(LexiconError, match="unknown condition"):
        _parse_condition("near=thing", {}, "x.tsv:4")


def test_actor_code_names_international_bodies_only_as_a_whole_name():
    from tidings.plover import actor_code

    assert actor_code("European Union") == "IGO"
    assert actor_code("the United Nations") == "IGO"
    assert actor_code("Red Cross") == "NGO"
    assert actor_code("Kazakh Foreign Ministry") is None
    assert actor_code("EU Delegation to Syria") is None


def test_events_component_is_last_and_declares_what_it_needs():
    from tidings.nlp.pipeline import COMPONENTS, get_nlp

    assert COMPONENTS[-1] == "tidings_events"
    nlp = get_nlp()
    assert nlp.pipe_names[-1] == "tidings_events"
    meta = nlp.get_pipe_meta("tidings_events")
    assert meta.assigns == ["doc._.events"]
    assert "doc._.entity_groups" in meta.requires


# --- types, modes, actors -----------------------------------------------------------------


def test_events_compound_actor_gives_one_actor_per_nationality(extractor):
    doc = _extract(extractor, "Senior Hungarian and Romanian officials agreed on Wednesday "
                              "that their countries should cooperate on refugees.")
    (agree,) = _events(doc, "AGREE")
    actors = {(a.country, a.sector, a.role) for a in agree.actors}
    assert {("HUN", "GOV", "source"), ("ROU", "GOV", "source")} <= actors
    assert len(agree.source) == 2
    assert agree.date == EventDate("2024-03-13", "day", "relative")


def test_events_accusation_of_shelling_makes_a_claimed_assault_by_the_accused(extractor):
    doc = _extract(extractor, "Azerbaijan's Defence Ministry accused Armenian forces of "
                              "shelling its positions in the Tovuz district.")
    names = _names(doc)
    (accuse,) = _events(doc, "ACCUSE")
    (assault,) = _events(doc, "ASSAULT")
    assert [names[e] for e in accuse.source] == ["Defence Ministry"]
    assert [names[e] for e in accuse.target] == ["Armenian"]
    assert [names[e] for e in assault.source] == ["Armenian"]
    assert assault.mode == "heavy-weapons"
    source = next(a for a in accuse.actors if a.role == "source")
    assert (source.country, source.sector) == ("AZE", "MIL")
    if doc.statements:  # the statements stage ran: the shelling is the ministry's claim
        assert assault.asserted_by is not None
        assert accuse.asserted_by is None


def test_events_denied_firing_is_negated_and_undated(extractor):
    doc = _extract(extractor, "The committee denied that Tajik border guards had opened "
                              "fire on Kyrgyz positions.")
    (assault,) = _events(doc, "ASSAULT")
    assert assault.negated and assault.date is None
    assert assault.trigger.text == "opened fire"


def test_events_did_not_attack_is_negated(extractor):
    doc = _extract(extractor, "The rebels did not attack the convoy on Monday.")
    (assault,) = _events(doc, "ASSAULT")
    assert assault.negated


def test_events_will_meet_is_future_without_the_publication_date(extractor):
    doc = _extract(extractor, "Uzbek President Shavkat Mirziyoyev will meet Turkmen "
                              "President Serdar Berdimuhamedov in Ashgabat.")
    (consult,) = _events(doc, "CONSULT")
    assert consult.future and not consult.negated
    assert consult.date is None
    assert _names(doc)[consult.location] == "Ashgabat"


def test_events_would_sign_if_is_hypothetical(extractor):
    doc = _extract(extractor, "The two governments would sign the agreement if the border "
                              "dispute were settled.")
    (agree,) = _events(doc, "AGREE")
    assert agree.hypothetical


def test_events_threatened_shelling_sets_the_threat_mode_and_is_no_event_itself(extractor):
    doc = _extract(extractor, "Iran threatened to shell Iraqi towns in retaliation.")
    (threaten,) = _events(doc, "THREATEN")
    assert threaten.mode == "violence"
    assert _events(doc, "ASSAULT") == []  # only threatened: PLOVER codes the threat


def test_events_requested_withdrawal_is_the_request_alone(extractor):
    doc = _extract(extractor, "The ministers urged Russia to withdraw its troops from the "
                              "border and to lift the blockade.")
    (request,) = _events(doc, "REQUEST")
    assert "Russia" in {_names(doc).get(e) for e in request.target}
    assert _events(doc, "RETREAT") == [] and _events(doc, "CONCEDE") == []


def test_events_previous_summit_is_located_in_its_own_city_not_todays_meeting(extractor):
    doc = _extract(extractor, "The ministers met in Bishkek on Tuesday. Trade has grown "
                              "since the previous summit in Astana.")
    names = _names(doc)
    by_trigger = {e.trigger.text: e for e in doc.events}
    assert names[by_trigger["met"].location] == "Bishkek"
    summit = by_trigger["summit"]
    assert names[summit.location] == "Astana"
    assert summit.date is None and summit.mode == "multilateral"


@pytest.mark.parametrize(("text", "type_", "place"), [
    # a country modifying the phrase owns the thing; the inner place is where it happened
    ("Gunmen carried out an attack on the U.S. consulate in Karachi on Tuesday.",
     "ASSAULT", "Karachi"),
    # the destination of troops, a visit, or aid to a town
    ("Washington ordered the deployment of National Guard troops to Memphis.", "MOBILIZE",
     "Memphis"),
    ("The charity delivered humanitarian aid to Kabul on Monday.", "AID", "Kabul"),
    # a town naming the event, and the event counted by a noun of measure
    ("Last week a Kabul car bombing killed five people.", "ASSAULT", "Kabul"),
    ("Pakistan carried out a series of airstrikes in Khost on Monday.", "ASSAULT", "Khost"),
    # a place attached to the object of the act
    ("The United States inaugurated a new consulate in Nuuk.", None, "Nuuk"),
])
def test_events_location_rule_families(extractor, text, type_, place):
    doc = _extract(extractor, text)
    events = _events(doc, type_) if type_ else list(doc.events)
    assert events, [e.type for e in doc.events]
    located = {_names(doc).get(e.location) for e in events}
    assert place in located, located


@pytest.mark.parametrize(("text", "agrees"), [
    # an agreement named as a document is no event; its signing or its date makes one
    ("Thailand suspended the implementation of the peace agreement with Cambodia.", False),
    ("Kyiv accused Moscow of violating the Minsk agreements.", False),
    ("Thailand and Cambodia signed a peace agreement in Kuala Lumpur.", True),
    # readiness is an intent to cooperate only when what one is ready for is cooperation
    ("The army is ready to defend the country at any moment.", False),
    ("Moscow is ready to resume talks with Kyiv.", True),
])
def test_events_agreement_documents_and_readiness(extractor, text, agrees):
    doc = _extract(extractor, text)
    assert bool(_events(doc, "AGREE")) is agrees, [(e.type, e.trigger.text) for e in doc.events]


def test_events_agreement_of_an_explicit_date_is_a_past_agree(extractor):
    doc = _extract(extractor, "Both sides cited the ceasefire agreement of March 3, 2019.")
    (agree,) = _events(doc, "AGREE")
    assert agree.date == EventDate("2019-03-03", "day", "explicit")
    assert not agree.future


def test_events_wreath_laying_and_a_monument_visit_are_not_events(extractor):
    doc = _extract(extractor, "The delegation visited the Independence Monument and laid "
                              "a wreath.")
    assert doc.events == ()


def test_events_meeting_hosted_in_a_capital_is_multilateral_there(extractor):
    doc = _extract(extractor, "The foreign ministers of Kazakhstan, Kyrgyzstan, Tajikistan "
                              "and Uzbekistan held a meeting in Tashkent on Monday.")
    (consult,) = _events(doc, "CONSULT")
    assert consult.mode == "multilateral"
    assert _names(doc)[consult.location] == "Tashkent"
    assert len(consult.source) == 4
    assert consult.date == EventDate("2024-03-11", "day", "relative")


def test_events_phone_call_mode(extractor):
    doc = _extract(extractor, "Kazakh President Kassym-Jomart Tokayev held a telephone "
                              "conversation with Russian President Vladimir Putin.")
    (consult,) = _events(doc, "CONSULT")
    assert consult.mode == "phone"


def test_events_state_security_committee_is_spy_of_its_country(extractor):
    doc = _extract(extractor, "Kyrgyzstan's State Committee for National Security arrested "
                              "three smugglers on Friday.")
    (coerce,) = _events(doc, "COERCE")
    source = next(a for a in coerce.actors if a.role == "source")
    assert (source.country, source.sector) == ("KGZ", "SPY")
    assert coerce.mode == "arrest"


def test_events_separatist_militias_are_an_armed_non_state_group(extractor):
    doc = _extract(extractor, "Separatist militias shelled the town overnight.")
    (assault,) = _events(doc, "ASSAULT")
    (source,) = [a for a in assault.actors if a.role == "source"]
    assert source.entity is None and source.sector == "REB"


def test_events_protest_dispersed_by_police(extractor):
    doc = _extract(extractor, "Hundreds of people protested outside parliament on Sunday. "
                              "Police dispersed the protesters with tear gas.")
    assert _events(doc, "PROTEST") and _events(doc, "COERCE")
    (coerce,) = _events(doc, "COERCE")
    assert {a.sector for a in coerce.actors} >= {"COP", "CVL"}


def test_events_sanctions_imposed_by_the_eu(extractor):
    doc = _extract(extractor, "The European Union imposed sanctions on three companies on "
                              "Monday.")
    (sanction,) = _events(doc, "SANCTION")
    assert [_names(doc)[e] for e in sanction.source] == ["European Union"]
    eu = next(a for a in sanction.actors if a.role == "source")
    assert eu.country is None and eu.sector is None


def test_events_demand_reported_with_must_is_a_request(extractor):
    doc = _extract(extractor, "Russia said on Tuesday that Sudan must return the helicopter.")
    (request,) = _events(doc, "REQUEST")
    assert [_names(doc)[e] for e in request.target] == ["Sudan"]


def test_events_topic_nouns_are_not_events(extractor):
    doc = _extract(extractor, "The report covers issues of regional security cooperation "
                              "and trade.")
    assert doc.events == ()


def test_events_headline_line_repeats_the_lead_and_is_skipped(extractor):
    text = ("Ministers meet in Bishkek\n"
            "BISHKEK, March 14 - The ministers met in Bishkek on Thursday.")
    doc = _extract(extractor, text)
    assert [e.trigger.text for e in doc.events] == ["met"]


def test_events_offsets_and_evidence_slice_the_text(extractor):
    root = Path(__file__).resolve().parent / "golden" / "articles"
    for path in sorted(root.glob("wire_*.txt")):
        doc = _extract(extractor, path.read_text(encoding="utf-8"), None)
        ids = {e.id for e in doc.entities}
        for event in doc.events:
            assert doc.text[event.trigger.start : event.trigger.end] == event.trigger.text
            assert event.evidence.start <= event.trigger.start < event.evidence.end
            assert 0.0 < event.confidence < 1.0
            assert set(event.source) | set(event.target) <= ids
            assert {a.entity for a in event.actors} - {None} <= ids
            assert event.location is None or event.location in ids
            assert event.date is None or event.date.basis in ("explicit", "relative",
                                                             "publication")


def test_events_without_the_statement_and_coreference_stages_still_run():
    from tidings.nlp.pipeline import build_nlp

    nlp = build_nlp()
    optional = [n for n in nlp.pipe_names
                if n in ("tidings_roles", "tidings_coref", "tidings_statements", "tidings_places")]
    with nlp.select_pipes(disable=optional):
        doc = nlp("The ministry said that Armenian forces shelled the village of Alibayli.")
    assert doc._.statements is None
    (event,) = [e for e in doc._.events if e.type == "ASSAULT"]
    assert event.asserted_by is None and event.source


# --- confidence ---------------------------------------------------------------------------


def test_confidence_grows_with_the_evidence():
    from tidings.nlp.events import confidence

    bare = confidence(strength=0.6, has_source=False)
    with_actor = confidence(strength=0.6, has_source=True)
    full = confidence(strength=0.6, has_source=True, has_target=True, dated=True, located=True)
    strong = confidence(strength=0.9, has_source=True, has_target=True, dated=True, located=True)
    assert bare < with_actor < full < strong
    assert confidence(strength=0.9, has_source=True, embedded=True, depth=2) < confidence(
        strength=0.9, has_source=True)
    assert 0.0 < bare < strong < 1.0


# --- the record ---------------------------------------------------------------------------


def test_event_with_actors_round_trips_through_json():
    event = Event(
        id="d-v1", type="CONSULT", mode="visit", context=("diplomatic",),
        trigger=TextSpan(0, 3, "met"), source=("d-e1",), target=(), location=None,
        date=EventDate("2024-03-14", "day", "publication"), asserted_by=None,
        negated=False, hypothetical=False, confidence=0.8, evidence=Evidence(0, 10),
        future=True,
        actors=(EventActor("d-e1", "source", "Kazakh ministers", "KAZ", "GOV"),
                EventActor(None, "target", "riot police", None, "COP")),
    )
    doc = Document(id="d", url=None, outlet=None, title=None, published=None, language="en",
                   text="met here..", events=(event,))
    again = Document.from_dict(json.loads(json.dumps(doc.to_dict())))
    assert again == doc


# --- the scorer ---------------------------------------------------------------------------


def test_gsr_scorer_counts_types_countries_and_bins_by_hand():
    from tidings.eval.events import GsrRecord, score_gsr

    def event(type_, conf, countries):
        return Event(
            id="x", type=type_, mode=None, context=(), trigger=TextSpan(0, 1, "x"),
            source=(), target=(), location=None, date=None, asserted_by=None, negated=False,
            hypothetical=False, confidence=conf, evidence=Evidence(0, 1),
            actors=tuple(EventActor(None, "source", c, c, None) for c in countries),
        )

    class Doc:
        def __init__(self, events):
            self.events = events

    records = [
        GsrRecord("a", "", "CONSULT", frozenset({"KAZ"}), frozenset(), ("met",)),
        GsrRecord("b", "", "ASSAULT", frozenset({"ARM"}), frozenset(), ("shelled",)),
        GsrRecord("c", "", "AGREE", frozenset(), frozenset(), ("agreed",)),
    ]
    docs = {"a": Doc([event("CONSULT", 0.9, ["KAZ"])]),
            "b": Doc([event("ACCUSE", 0.7, ["AZE"])]),
            "c": Doc([])}
    report = score_gsr(records, docs)["top"]
    assert report["type_accuracy"] == pytest.approx(1 / 3, abs=1e-3)
    assert report["no_event"] == 1
    assert report["source_country"] == {"records": 2, "accuracy": 0.5, "any_overlap": 0.5}
    assert report["confusion"]["ASSAULT"] == {"ACCUSE": 1}
    assert report["per_type"]["CONSULT"]["f1"] == 1.0
    bins = {row["bin"]: row for row in report["calibration"]}
    assert bins["0.8-1.0"]["accuracy"] == 1.0 and bins["0.6-0.8"]["accuracy"] == 0.0


@needs_gsr
@pytest.mark.data
def test_gsr_loader_maps_old_types_to_plover_2023():
    from tidings.eval.events import TYPES, load_gsr

    records = load_gsr()
    assert len(records) == 322
    assert {r.type for r in records} <= set(TYPES)
    assert all(r.text for r in records)


@needs_gsr
@pytest.mark.data
def test_cli_eval_events_prints_accuracy_and_confusion():
    from tidings.cli import main

    result = CliRunner().invoke(main, ["eval", "events", "--limit", "12", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["plover_gsr"]["records"] == 12
    assert "confusion" in report["plover_gsr"]["top"]
    assert report["meantime"]["documents"] == 12


def test_cli_eval_events_rejects_a_dataset_it_does_not_use():
    from tidings.cli import main

    result = CliRunner().invoke(main, ["eval", "events", "--dataset", "re3d"])
    assert result.exit_code != 0
    assert "plover_gsr" in result.output


# --- issue 8: forms of real news ---------------------------------------------------------


def _actor_names(doc: Document, event: Event, role: str) -> set[str]:
    names = _names(doc)
    return {names.get(a.entity, a.text) for a in event.actors if a.role == role}


def test_events_a_trip_at_home_is_no_consultation(extractor):
    doc = _extract(extractor, "President of Ukraine Volodymyr Zelenskyy began a two-day "
                              "working trip to the Kharkiv and Kherson regions.")
    assert _events(doc, "CONSULT") == []
    abroad = _extract(extractor, "President of Ukraine Volodymyr Zelenskyy began a two-day "
                                 "visit to Poland.")
    assert [e.mode for e in _events(abroad, "CONSULT")] == ["visit"]


def test_events_the_leaders_of_a_readout_are_the_parties_of_its_call(extractor):
    doc = _extract(extractor, "Vladimir Putin had a telephone conversation with Prime "
                              "Minister of Israel Naftali Bennett. The leaders agreed to "
                              "maintain contacts at various levels.")
    (agree,) = _events(doc, "AGREE")
    assert _actor_names(doc, agree, "source") == {"Vladimir Putin", "Naftali Bennett"}


def test_events_we_in_a_quotation_is_its_speaker(extractor):
    doc = _extract(extractor, '"We appreciate the unprecedented assistance of the United '
                              'States to Ukraine," Volodymyr Zelenskyy said.')
    (support,) = _events(doc, "SUPPORT")
    assert _actor_names(doc, support, "source") == {"Volodymyr Zelenskyy"}


def test_events_a_warning_threatens_only_an_act_of_the_warner(extractor):
    assert _events(_extract(extractor, "The weather service issued storm warnings for the "
                                       "coast."), "THREATEN") == []
    assert _events(_extract(extractor, "The ministry warned that 46,000 children cannot "
                                       "attend school."), "THREATEN") == []
    assert len(_events(_extract(extractor, "Iran warned that it would retaliate against "
                                           "any attack."), "THREATEN")) == 1


def test_events_a_death_with_no_attack_named_is_no_assault(extractor):
    doc = _extract(extractor, "An engineer was killed while working at the station.")
    assert _events(doc, "ASSAULT") == []
    doc = _extract(extractor, "Five people were killed when a bus plunged into a ravine.")
    assert _events(doc, "ASSAULT") == []


def test_events_the_toll_of_an_attack_is_the_attack(extractor):
    doc = _extract(extractor, "Eleven people are killed in an Israeli airstrike on a refugee "
                              "camp in Gaza.")
    (attack,) = _events(doc, "ASSAULT")
    assert attack.trigger.text == "airstrike"
    assert _actor_names(doc, attack, "source") == {"Israeli"}
    doc = _extract(extractor, "A man kills 14 people in a shooting attack on Bourbon Street.")
    (attack,) = _events(doc, "ASSAULT")
    assert attack.trigger.text == "attack" and "man" in _actor_names(doc, attack, "source")


def test_events_a_blame_reported_in_speech_is_an_accusation(extractor):
    doc = _extract(extractor, "The president said foreign security forces were involved in "
                              "the protests.")
    (accuse,) = _events(doc, "ACCUSE")
    assert accuse.mode == "allege" and accuse.trigger.text == "said"
    doc = _extract(extractor, "The minister stressed that Kiev is ignoring the crimes of its "
                              "forces.")
    (accuse,) = _events(doc, "ACCUSE")
    assert accuse.mode == "disapprove"
    assert "Kiev" in _actor_names(doc, accuse, "target")
    assert _events(_extract(extractor, "The minister said we will not give up."), "ACCUSE") == []


def test_events_a_yielding_act_said_not_to_be_done_is_a_refusal(extractor):
    doc = _extract(extractor, "Poland's government said it will not comply with the "
                              "warrant issued by the court.")
    assert [e.type for e in doc.events if e.trigger.text == "comply"] == ["REJECT"]
    doc = _extract(extractor, "Russia does not agree to the proposal, the minister said.")
    assert [e.type for e in doc.events if e.trigger.text == "agree"] == ["REJECT"]
    doc = _extract(extractor, "Russian forces launched dozens of missiles at Kyiv overnight.")
    assert [e.type for e in doc.events] == ["ASSAULT"]


@pytest.mark.parametrize(("text", "type_", "sources", "targets"), [
    # a status given by declaring: the declarer acts on whom it declares
    ("Israel declared the ambassador persona non grata.", "SANCTION", {"Israel"},
     {"ambassador"}),
    # what is done to someone: its possessor or "of" phrase is whom it was done to
    ("Russia's arrest of the journalist drew criticism.", "COERCE", {"Russia"},
     {"journalist"}),
    # an unnamed group of people arrested
    ("Police arrested three young minors on Sunday.", "COERCE", {"Police"},
     {"three young minors"}),
    # what blew up was hit; nobody is said to have blown it up
    ("Three empty buses exploded in Bat Yam.", "ASSAULT", set(), {"Three empty buses"}),
])
def test_events_actor_rule_families(extractor, text, type_, sources, targets):
    doc = _extract(extractor, text)
    (event,) = _events(doc, type_)
    assert _actor_names(doc, event, "source") == sources
    assert _actor_names(doc, event, "target") == targets


def test_events_an_event_noun_subject_harms_only_through_a_verb_of_harm(extractor):
    doc = _extract(extractor, "The killing of Russian defector Maxim Kuzminov shocked Spain.")
    (killing,) = _events(doc, "ASSAULT")
    assert _actor_names(doc, killing, "target") == {"Maxim Kuzminov"}
    doc = _extract(extractor, "The shelling killed two civilians.")
    (shelling,) = _events(doc, "ASSAULT")
    assert _actor_names(doc, shelling, "target") == {"two civilians"}


def test_events_a_coordinated_attack_subject_is_one_attack_told_as_happening(extractor):
    doc = _extract(extractor, "An overnight Russian missile and drone attack on Kyiv kills "
                              "three people.", published="2025-06-06")
    (attack,) = _events(doc, "ASSAULT")  # the toll "kills" is the attack's
    assert "attack" in attack.trigger.text
    assert attack.date == EventDate("2025-06-06", "day", "publication")


def test_events_a_named_summit_is_a_meeting(extractor):
    doc = _extract(extractor, "Ihor Zhovkva informed his interlocutor of the results of the "
                              "23rd Ukraine-EU Summit held in Kyiv on October 12.",
                   published="2021-11-10")
    (summit,) = _events(doc, "CONSULT")
    assert summit.trigger.text == "Summit"
    assert summit.date == EventDate("2021-10-12", "day", "relative")


def test_events_talks_about_a_summit_are_two_events(extractor):
    doc = _extract(extractor, "Zhovkva and Ambassador Smith discussed the next NATO summit "
                              "in Madrid.")
    consults = {e.trigger.text: e for e in _events(doc, "CONSULT")}
    assert sorted(consults) == ["discussed", "summit"]
    assert consults["summit"].future and not consults["discussed"].future


@pytest.mark.parametrize(("text", "requests"), [
    ("The head of state invited the G7 leaders to visit Ukraine.", True),
    ("Volodymyr Zelenskyy suggested that the Belgian Prime Minister consider new "
     "investments.", True),
    ("Responding to Charles Michel's call for direct contact, Vladimir Putin repeated his "
     "position.", True),
    # a suggestion is a request only when someone makes it
    ("Early figures suggested that the economy slowed in the spring.", False),
])
def test_events_invitations_suggestions_and_calls_are_requests(extractor, text, requests):
    doc = _extract(extractor, text)
    assert bool(_events(doc, "REQUEST")) is requests, [(e.type, e.trigger.text)
                                                       for e in doc.events]
