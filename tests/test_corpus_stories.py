"""The corpus view: copies, stories and corpus events, and the clustering scores.

The articles are invented for these tests: short wire-style reports about real public
figures and places, as in ``samples/``.
"""

from __future__ import annotations

import pytest

from tidings import Document, RawArticle
from tidings.corpus.copies import CopyIndex, CopyOf, shingles
from tidings.corpus.event_links import (
    EventMention,
    LinkSettings,
    cluster_mentions,
    families_of,
    group_events,
    resolve_event_pronouns,
    trigger_key,
)
from tidings.corpus.stories import StoryFeatures, StoryIndex, story_features
from tidings.eval.cluster_metrics import b_cubed, ceaf_e, coref_scores, muc

WATER_DEAL = (
    "Kazakh President Kassym-Jomart Tokayev and Uzbek President Shavkat Mirziyoyev signed "
    "an agreement on sharing the water of the Syr Darya in Tashkent on Thursday, ending "
    "two years of talks between the neighbours.\n"
    "Under the deal Uzbekistan will release more water from its reservoirs in spring, when "
    "farmers in southern Kazakhstan plant cotton and rice, and Kazakhstan will supply grain "
    "and electricity in winter, the presidential press offices said in a joint statement.\n"
    "The two leaders also discussed trade, which they want to raise to ten billion dollars "
    "a year, and a new railway link between Turkestan and Tashkent that engineers expect "
    "to finish in three years.\n"
    "Mirziyoyev called the agreement a model for Central Asia, where the shrinking of the "
    "Aral Sea has made water the most sensitive question between governments. Tokayev said "
    "the commission on water would meet every quarter and publish what it decides.\n"
    "Tokayev will travel on to Samarkand on Friday to open a business forum."
)

ATTACK_REPORTS = {
    "reuters": (
        "Suicide bomber kills 12 at Kabul checkpoint",
        "KABUL, March 14 - A suicide bomber attacked a police checkpoint in Kabul on "
        "Thursday, killing 12 people, Afghan officials said.\n"
        "Interior Ministry spokesman Abdul Mateen Qani said the attacker blew himself up "
        "near the checkpoint in the west of the city.\n"
        "The Islamic State claimed responsibility for the attack.",
    ),
    "afp": (
        "Kabul checkpoint blast leaves 12 dead",
        "A suicide bomber struck a police checkpoint in Kabul on Thursday, killing at least "
        "12 people, the Afghan Interior Ministry said.\n"
        "Spokesman Abdul Mateen Qani said most of the victims were police officers.\n"
        "Islamic State said it carried out the attack in the Afghan capital.",
    ),
    "ap": (
        "Bomber hits police post in Afghan capital",
        "A suicide bomber attacked a police checkpoint in Kabul on Thursday and killed 12 "
        "people, officials said.\n"
        "Abdul Mateen Qani, a spokesman for the Interior Ministry, said the blast wounded 20 "
        "others.\n"
        "The Islamic State group claimed the attack on the checkpoint.",
    ),
}


@pytest.fixture(scope="module")
def documents(extractor) -> dict[str, Document]:
    raws = [
        RawArticle(name, text, title=title, published="2024-03-14", outlet=name)
        for name, (title, text) in ATTACK_REPORTS.items()
    ]
    raws.append(RawArticle("water", WATER_DEAL, title="Kazakhstan, Uzbekistan sign water deal",
                           published="2024-03-14", outlet="kabar"))
    docs = {}
    for raw, doc in extractor.run(raws):
        assert isinstance(doc, Document), doc
        docs[raw.source] = doc
    return docs


# --- copies --------------------------------------------------------------------------------


def test_syndicated_copy_with_a_new_headline_is_a_copy():
    index = CopyIndex()
    assert index.add("kabar", "Kazakhstan, Uzbekistan sign water deal\n" + WATER_DEAL) is None
    copy = index.add("trend", "Central Asian neighbours agree on Syr Darya water\n" + WATER_DEAL)
    assert isinstance(copy, CopyOf)
    assert copy.original == "kabar"
    assert copy.jaccard >= index.threshold


def test_a_different_article_is_not_a_copy():
    index = CopyIndex()
    index.add("kabar", WATER_DEAL)
    assert index.add("reuters", ATTACK_REPORTS["reuters"][1]) is None


def test_copy_index_state_is_signatures_and_band_keys():
    index = CopyIndex()
    index.add("kabar", WATER_DEAL)
    signature = index.signatures["kabar"]
    assert isinstance(signature, bytes)
    keys = index.band_keys(signature)
    assert len(keys) == len(index.bands) and len(set(keys)) == len(keys)
    assert all(index.buckets[key] == ["kabar"] for key in keys)
    rebuilt = CopyIndex.from_state(index.signatures, index.buckets)
    assert rebuilt.find("New headline\n" + WATER_DEAL) == index.find("New headline\n" + WATER_DEAL)


def test_shingles_ignore_case_and_punctuation():
    assert shingles("The Talks, in Tashkent, ended.") == shingles("the talks in TASHKENT ended")


# --- stories -------------------------------------------------------------------------------


def test_two_outlets_on_one_attack_join_one_story_and_another_opens_its_own(documents):
    index = StoryIndex()
    first = index.add(story_features(documents["reuters"]))
    second = index.add(story_features(documents["afp"]))
    other = index.add(story_features(documents["water"]))
    assert first.opened and not second.opened
    assert second.story == first.story
    assert other.opened and other.story != first.story


def test_a_copy_joins_its_originals_story_without_scoring(documents):
    copies, stories = CopyIndex(), StoryIndex()
    original = documents["water"]
    copies.add(original.id, original.text)
    placed = stories.add(story_features(original))
    copy = copies.add("copy", "New headline\n" + original.text)
    assert copy is not None and copy.original == original.id
    copy_features = StoryFeatures("copy", story_features(original).counts, copy_of=copy.original)
    joined = stories.add(copy_features)
    assert joined.story == placed.story and joined.via_copy == original.id
    assert joined.candidates == 0


def _features(doc_id: str, *keys: str) -> StoryFeatures:
    return StoryFeatures(doc_id, tuple((key, 1) for key in keys))


def test_documents_added_one_at_a_time_form_the_expected_stories():
    index = StoryIndex()
    arrivals = [
        _features("a1", "name:abdul mateen qani", "place:geonames:1138958", "word:checkpoint"),
        _features("b1", "name:shavkat mirziyoev", "place:geonames:1512569", "word:water"),
        _features("a2", "name:abdul mateen qani", "place:geonames:1138958", "word:bomber"),
        _features("b2", "name:shavkat mirziyoev", "word:water", "word:railway"),
        _features("a3", "place:geonames:1138958", "word:checkpoint", "word:bomber"),
    ]
    stories = [index.add(item).story for item in arrivals]
    assert stories[0] == stories[2] == stories[4]
    assert stories[1] == stories[3]
    assert stories[0] != stories[1]
    assert index.document_frequency["place:geonames:1138958"] == 3


def test_a_new_document_is_scored_only_against_stories_sharing_a_rare_feature():
    index = StoryIndex()
    for n in range(60):
        index.add(_features(f"d{n}", "word:said", f"name:person {n}"))
    assert len(index.stories) == 60
    assert not index.is_rare("word:said")
    scored_before = index.scored
    placed = index.add(_features("new", "word:said", "name:person 7"))
    assert placed.candidates == 1
    assert index.scored - scored_before == 1
    assert placed.story == index.story_of["d7"]


# --- corpus events -------------------------------------------------------------------------


def test_one_attack_from_three_outlets_is_one_corpus_event_with_three_sources(documents):
    index = StoryIndex()
    story_of = {name: index.add(story_features(doc)).story for name, doc in documents.items()}
    assert story_of["reuters"] == story_of["afp"] == story_of["ap"] != story_of["water"]
    corpus_events = group_events((doc, story_of[name]) for name, doc in documents.items())
    attack_ids = {documents[name].id for name in ATTACK_REPORTS}
    reported_by_all = [e for e in corpus_events if attack_ids <= set(e.documents)]
    assert len(reported_by_all) == 1
    event = reported_by_all[0]
    assert event.type == "ASSAULT"
    assert len(event.documents) == 3
    assert documents["water"].id not in event.documents


def _mention(name: str, doc: str, trigger: str, story: str = "s1", **kw) -> EventMention:
    return EventMention(id=name, doc_id=doc, story=story, trigger=trigger_key(trigger),
                        families=families_of(trigger), **kw)


def test_lemma_baseline_links_one_lemma_in_one_story_only():
    mentions = [
        _mention("m1", "d1", "arrest"),
        _mention("m2", "d2", "arrest"),
        _mention("m3", "d3", "arrest", story="s2"),
        _mention("m4", "d2", "detain"),
    ]
    labels = cluster_mentions(mentions, LinkSettings.lemma_baseline())
    assert labels["m1"] == labels["m2"]
    assert labels["m3"] != labels["m1"]
    assert labels["m4"] != labels["m1"]


def test_word_families_link_synonyms_and_generic_words_need_an_argument():
    settings = LinkSettings()
    kabul = frozenset({"geonames:1138958"})
    mentions = [
        _mention("quake", "d1", "quake"),
        _mention("earthquake", "d2", "earthquake"),
        _mention("said1", "d1", "say", participants=frozenset({"qani"}), places=kabul),
        _mention("said2", "d2", "say", participants=frozenset({"tokaev"}), places=kabul),
        _mention("said3", "d3", "say", participants=frozenset({"qani"}), places=kabul),
        _mention("said4", "d4", "say"),
    ]
    labels = cluster_mentions(mentions, settings)
    assert labels["quake"] == labels["earthquake"]
    # A speaker and a place back the link; a place alone or nothing does not.
    assert labels["said1"] == labels["said3"]
    assert len({labels["said1"], labels["said2"], labels["said4"]}) == 3


def test_event_pronouns_take_the_trigger_of_the_nearest_earlier_specific_mention():
    # "Fire crews fought a blaze in a warehouse. Officials said it spread ... This ..."
    in_order = [
        _mention("blaze", "d1", "blaze"),
        _mention("said", "d1", "say"),
        _mention("it", "d1", "it"),
        _mention("this", "d1", "this"),
    ]
    resolved = {m.id: m for m in resolve_event_pronouns(in_order)}
    # "say" is generic, so both pronouns go back past it to the blaze.
    assert resolved["it"].trigger == resolved["blaze"].trigger == trigger_key("blaze")
    assert resolved["this"].families == families_of("blaze")
    # Another outlet's "fire" then joins the blaze and its pronouns in one event.
    labels = cluster_mentions([*resolved.values(), _mention("fire", "d2", "fire")],
                              LinkSettings())
    assert labels["it"] == labels["this"] == labels["blaze"] == labels["fire"]


def test_an_event_pronoun_with_nothing_before_it_links_to_nothing():
    # Two documents that open with "It was the worst ..." share no event by the word.
    first = resolve_event_pronouns([_mention("it1", "d1", "it"), _mention("q1", "d1", "quake")])
    second = resolve_event_pronouns([_mention("it2", "d2", "it")])
    labels = cluster_mentions([*first, *second], LinkSettings())
    assert labels["it1"] != labels["it2"]
    assert labels["it1"] != labels["q1"]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("check_into", "admit"),  # "checked into a clinic" / "was admitted to hospital"
        ("enter", "hospitalize"),
        ("die", "kill"),  # "two died" / "the attack killed two"
        ("death", "murder"),
        ("dui", "driving"),  # "arrested for DUI" / "drunk driving"
        ("ceremony", "oscars"),  # "the ceremony" / "the Oscars"
        ("host", "emcee"),
        ("heist", "raid"),
        ("sever", "cut"),  # "cables were severed" / "cut"
        ("flee", "run_away"),
        ("stoppage", "suspend"),
        ("ir", "injured_reserve"),
        ("record", "milestone"),
    ],
)
def test_word_families_cover_the_usual_words_for_one_happening(one, other):
    assert families_of(one.replace("_", " ")) & families_of(other.replace("_", " "))


def test_clause_arguments_keep_the_participants_of_another_clause_out(extractor):
    from tidings.eval.corpus import EcbDocument, GoldEventMention, triggers_of

    text = "Police arrested Tom Hale in Leeds on Monday, while Ann Rowe was charged in York."
    start = text.index("charged")
    doc = EcbDocument("d1", 1, "1ecb", text,
                      (GoldEventMention("m1", start, start + len("charged"), "c1"),))
    (trigger,) = triggers_of(extractor.nlp(text), doc)
    clause = text[trigger.clause[0] : trigger.clause[1]]
    assert trigger.head_lemma == "charge"
    assert "Ann Rowe" in clause and "York" in clause
    assert "Tom Hale" not in clause and "Leeds" not in clause


def test_trigger_key_folds_inflections():
    assert trigger_key("checks") == trigger_key("check") == trigger_key("checking")
    assert trigger_key("shootings") == trigger_key("shooting") == trigger_key("shoot")


# --- cluster metrics on a hand-computed example -------------------------------------------

GOLD = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
SYSTEM = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "z"}


def test_b_cubed_by_hand():
    # P = (1 + 1 + 1/2 + 1/2 + 1) / 5; R = (2/3 + 2/3 + 1/3 + 1/2 + 1/2) / 5
    score = b_cubed(GOLD, SYSTEM)
    assert score.precision == pytest.approx(0.8)
    assert score.recall == pytest.approx(8 / 15)


def test_muc_by_hand():
    # R: {a,b,c} needs 2 links, system keeps 1; {d,e} keeps 0 → 1/3.
    # P: {a,b} keeps its link, {c,d} keeps none, {e} has none to keep → 1/2.
    score = muc(GOLD, SYSTEM)
    assert score.precision == pytest.approx(1 / 2)
    assert score.recall == pytest.approx(1 / 3)


def test_ceaf_e_by_hand():
    # Best alignment: {a,b,c}-{a,b} φ4 = 4/5, {d,e}-{e} φ4 = 2/3.
    total = 4 / 5 + 2 / 3
    score = ceaf_e(GOLD, SYSTEM)
    assert score.precision == pytest.approx(total / 3)
    assert score.recall == pytest.approx(total / 2)
    conll = coref_scores(GOLD, SYSTEM).conll_f1
    assert conll == pytest.approx((0.64 + 0.4 + score.f1) / 3)


def test_identical_clusterings_score_one():
    scores = coref_scores(GOLD, GOLD)
    assert scores.b_cubed.f1 == scores.muc.f1 == scores.ceaf_e.f1 == pytest.approx(1.0)
