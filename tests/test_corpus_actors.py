"""Corpus actors: linking article entities across articles, and the MEANTIME loader."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tidings import settings
from tidings.corpus.actors import (
    ActorLinker,
    ActorMention,
    MergeDecision,
    SplitDecision,
    core_name,
    same_spelling,
)
from tidings.eval import corpus_meantime
from tidings.model import Document, RawArticle

# Invented short articles about real public figures.
ARTICLES: dict[str, str] = {
    "aliyev-president": (
        "Azerbaijani President Ilham Aliyev met European Council President Charles Michel "
        "in Baku on Monday. Aliyev said the talks on gas supplies were constructive."
    ),
    "aliyev-minister": (
        "Energy Minister Natig Aliyev of Azerbaijan said on Tuesday that gas exports to "
        "Europe would grow."
    ),
    "aliyev-bare": "In Baku, Mr Aliyev told reporters on Wednesday that talks would continue.",
    "saidov-1": (
        "Uzbek Foreign Minister Bakhtiyor Saidov arrived in Astana on Monday for talks "
        "with his Kazakh counterpart."
    ),
    "saidov-2": (
        "Foreign Minister of Uzbekistan Bakhtiyar Saidov held talks in Berlin on Tuesday. "
        "Saidov discussed trade."
    ),
    "saidov-3": (
        "Uzbekistan's Foreign Minister Baxtiyor Saidov visited Tokyo on Wednesday and met "
        "Japanese officials."
    ),
}


@pytest.fixture(scope="module")
def documents(extractor) -> dict[str, Document]:
    raws = [RawArticle(name, text, published="2024-03-04") for name, text in ARTICLES.items()]
    out = {}
    for raw, doc in extractor.run(raws):
        assert isinstance(doc, Document), doc
        out[raw.source] = doc
    return out


def _linked(documents: dict[str, Document], order: list[str]) -> ActorLinker:
    linker = ActorLinker()
    for name in order:
        linker.add_document(documents[name])
    return linker


def _person(doc: Document, surname: str):
    return next(e for e in doc.entities if e.type == "PERSON" and e.name.endswith(surname))


def _actor_id(linker: ActorLinker, doc: Document, surname: str) -> str:
    return linker.link_of(doc.id, _person(doc, surname).id).actor_id


# --- linking on Tidings output ------------------------------------------------------------


def test_two_people_sharing_a_surname_with_different_posts_stay_two(documents):
    linker = _linked(documents, ["aliyev-president", "aliyev-minister"])
    president = _actor_id(linker, documents["aliyev-president"], "Aliyev")
    minister = _actor_id(linker, documents["aliyev-minister"], "Aliyev")
    assert president != minister
    link = linker.link_of(documents["aliyev-minister"].id,
                          _person(documents["aliyev-minister"], "Aliyev").id)
    assert "different given names" in link.reason


def test_one_minister_spelled_three_ways_is_one_actor(documents):
    names = ["saidov-1", "saidov-2", "saidov-3"]
    linker = _linked(documents, names)
    ids = {_actor_id(linker, documents[n], "Saidov") for n in names}
    assert len(ids) == 1
    actor = linker.actor(ids.pop())
    assert {"Bakhtiyor Saidov", "Bakhtiyar Saidov", "Baxtiyor Saidov"} <= set(actor.spellings)
    later = linker.link_of(documents["saidov-3"].id, _person(documents["saidov-3"], "Saidov").id)
    assert "transliteration-equivalent spelling" in later.evidence


def test_a_bare_surname_does_not_merge_two_people(documents):
    linker = _linked(documents, ["aliyev-president", "aliyev-minister", "aliyev-bare"])
    bare_doc = documents["aliyev-bare"]
    bare = linker.link_of(bare_doc.id, _person(bare_doc, "Aliyev").id)
    assert bare.actor_id not in {
        _actor_id(linker, documents["aliyev-president"], "Aliyev"),
        _actor_id(linker, documents["aliyev-minister"], "Aliyev"),
    }
    assert "bare surname" in bare.reason


def test_actor_ids_are_stable_across_order_and_re_ingest(documents):
    order = list(ARTICLES)
    first = _linked(documents, order)
    second = _linked(documents, order[::-1])
    for name in order:
        doc = documents[name]
        for entity in doc.entities:
            if entity.type == "PERSON" and len(entity.name.split()) > 1:
                assert first.link_of(doc.id, entity.id).actor_id == \
                    second.link_of(doc.id, entity.id).actor_id, entity.name
    before = first.actor_ids()
    first.add_document(documents["saidov-2"])  # the same article again
    assert first.actor_ids() == before


def test_merge_then_split_round_trips(documents):
    linker = _linked(documents, ["aliyev-president", "aliyev-minister"])
    president = _actor_id(linker, documents["aliyev-president"], "Aliyev")
    minister = _actor_id(linker, documents["aliyev-minister"], "Aliyev")
    before = {a.id: set(a.mentions) for a in linker.actors()}

    merged = linker.merge(president, minister)
    assert isinstance(merged, MergeDecision)
    assert _actor_id(linker, documents["aliyev-minister"], "Aliyev") == president
    assert linker.link_of(documents["aliyev-minister"].id,
                          _person(documents["aliyev-minister"], "Aliyev").id).reason \
        == "manual merge"

    split = linker.split(president, merged.absorbed_mentions)
    assert isinstance(split, SplitDecision)
    assert split.new_actor == minister
    assert {a.id: set(a.mentions) for a in linker.actors()} == before


def test_decisions_are_respected_on_later_adds(documents):
    linker = _linked(documents, ["aliyev-president", "aliyev-minister"])
    president = _actor_id(linker, documents["aliyev-president"], "Aliyev")
    minister = _actor_id(linker, documents["aliyev-minister"], "Aliyev")
    decision = linker.merge(president, minister)

    replayed = ActorLinker(decisions=[decision])
    replayed.add_document(documents["aliyev-minister"])
    replayed.add_document(documents["aliyev-president"])
    assert _actor_id(replayed, documents["aliyev-minister"], "Aliyev") == president
    assert _actor_id(replayed, documents["aliyev-president"], "Aliyev") == president


def test_every_link_has_a_reason_and_a_score(documents):
    linker = _linked(documents, list(ARTICLES))
    assert linker.links
    for link in linker.links:
        assert link.reason
        assert 0.0 <= link.score <= 1.0


# --- rules on records -----------------------------------------------------------------------


def _mention(doc: str, name: str, **kw) -> ActorMention:
    return ActorMention(doc_id=doc, entity_id="e1", type=kw.pop("type", "PERSON"), name=name,
                        **kw)


def test_a_shared_name_with_conflicting_countries_or_posts_never_merges():
    linker = ActorLinker()
    a = linker.add_mentions([_mention("d1", "Ali Hassan", posts=("prime minister",),
                                      countries=("JOR",), published="2024-01-01")])[0]
    b = linker.add_mentions([_mention("d2", "Ali Hassan", countries=("EGY",))])[0]
    c = linker.add_mentions([_mention("d3", "Ali Hassan", posts=("mayor",), countries=("JOR",),
                                      published="2024-02-01")])[0]
    d = linker.add_mentions([_mention("d4", "Ali Hassan", posts=("prime minister",),
                                      countries=("JOR",), published="2024-03-01")])[0]
    assert len({a.actor_id, b.actor_id, c.actor_id}) == 3
    assert "conflicting countries" in b.reason and "conflicting posts" in c.reason
    assert d.actor_id == a.actor_id and "same post" in d.evidence


def test_organisation_names_without_designators_link():
    linker = ActorLinker()
    first = linker.add_mentions([_mention("d1", "Apple Inc.", type="ORG")])[0]
    second = linker.add_mentions([_mention("d2", "Apple", type="ORG")])[0]
    senate = linker.add_mentions([_mention("d3", "US Senate", type="ORG")])[0]
    other = linker.add_mentions([_mention("d4", "Philippine Senate", type="ORG")])[0]
    assert second.actor_id == first.actor_id
    assert other.actor_id != senate.actor_id
    assert core_name("U.S. Air Force") == ("air force", "USA")


def test_romanisation_variants():
    assert same_spelling("Baxtiyor", "Bakhtiyor")
    assert same_spelling("Mirziyoyev", "Mirziyoev")
    assert not same_spelling("Ilham", "Natig")


# --- the MEANTIME loader on a synthetic file ------------------------------------------------

SYNTHETIC_XML = """<?xml version="1.0" ?>
<Document doc_id="7" doc_name="7_test" lang="en" url="http://example.org/7">
<token number="0" sentence="0" t_id="1">GM</token>
<token number="1" sentence="0" t_id="2">and</token>
<token number="2" sentence="0" t_id="3">Chrysler</token>
<token number="3" sentence="0" t_id="4">fail</token>
<token number="4" sentence="1" t_id="5">The</token>
<token number="5" sentence="1" t_id="6">CEO</token>
<token number="6" sentence="1" t_id="7">of</token>
<token number="7" sentence="1" t_id="8">GM</token>
<token number="8" sentence="1" t_id="9">said</token>
<token number="9" sentence="1" t_id="10">it</token>
<token number="10" sentence="1" t_id="11">failed</token>
<token number="11" sentence="1" t_id="12">.</token>
<Markables>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="CONJ"><token_anchor t_id="1"/>
<token_anchor t_id="2"/><token_anchor t_id="3"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="3" syntactic_type=""><token_anchor t_id="5"/><token_anchor t_id="6"/>
<token_anchor t_id="7"/><token_anchor t_id="8"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="4" syntactic_type="NAM"><token_anchor t_id="8"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="5"><token_anchor t_id="10"/></ENTITY_MENTION>
<EVENT_MENTION m_id="6" pos="VERB"><token_anchor t_id="4"/></EVENT_MENTION>
<EVENT_MENTION m_id="7" pos="VERB"><token_anchor t_id="11"/></EVENT_MENTION>
<TIMEX3 m_id="8" functionInDocument="CREATION_TIME" type="DATE" value="2009-06-04"/>
<ENTITY TAG_DESCRIPTOR="General Motors" ent_type="ORG" instance_id="ORG1" m_id="20"/>
<ENTITY TAG_DESCRIPTOR="GM and Chrysler" ent_type="ORG" instance_id="ORG2" m_id="21"/>
<ENTITY TAG_DESCRIPTOR="CEO" ent_type="PER" m_id="22"/>
<EVENT TAG_DESCRIPTOR="fail" class="OTHER" instance_id="EV1" m_id="23"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><source m_id="4"/><source m_id="5"/>
<target m_id="20"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="2"/><target m_id="21"/></REFERS_TO>
<REFERS_TO r_id="3"><source m_id="3"/><target m_id="22"/></REFERS_TO>
<REFERS_TO r_id="4"><source m_id="6"/><source m_id="7"/><target m_id="23"/></REFERS_TO>
</Relations>
</Document>
"""


def test_meantime_loader_reads_cross_document_instances():
    article = corpus_meantime.parse_article(SYNTHETIC_XML, "corpus_test")
    assert article.doc_id == "7" and article.published == "2009-06-04"
    assert article.text == "GM and Chrysler fail\nThe CEO of GM said it failed."
    by_id = {m.m_id: m for m in article.mentions}
    # The CEO has no cross-document instance: not gold.
    assert set(by_id) == {"1", "2", "4", "5", "6", "7"}
    assert {by_id[i].instance for i in ("1", "4", "5")} == {"ORG1"}
    assert by_id["2"].coordinated and not by_id["1"].coordinated
    assert by_id["1"].named and by_id["4"].named and not by_id["5"].named
    assert article.text[by_id["4"].start:by_id["4"].end] == "GM"
    assert [m.m_id for m in article.of_kind("event")] == ["6", "7"]


def test_meantime_heads_end_before_post_modifiers():
    xml = SYNTHETIC_XML.replace('instance_id="ORG1" m_id="20"/>', 'instance_id="ORG1" m_id="20"/>'
                                '<ENTITY ent_type="PER" instance_id="PER9" m_id="24"/>')
    xml = xml.replace('<target m_id="22"/>', '<target m_id="24"/>')
    article = corpus_meantime.parse_article(xml)
    ceo = next(m for m in article.mentions if m.m_id == "3")
    assert article.text[ceo.head_start:ceo.head_end] == "CEO"


DATA = Path(settings.get("data_dir"))


@pytest.mark.data
@pytest.mark.skipif(not (DATA / "meantime_en" / "intra_cross-doc_annotation").is_dir(),
                    reason=f"MEANTIME not found under {DATA}")
def test_meantime_gold_counts_on_the_real_folder():
    articles = corpus_meantime.load_articles(DATA)
    assert len(articles) == 120
    assert Counter(a.subcorpus for a in articles) == {
        "corpus_airbus": 30, "corpus_apple": 30, "corpus_gm": 30, "corpus_stock": 30}
    entity_mentions = Counter(a.subcorpus for a in articles for m in a.of_kind("entity"))
    assert entity_mentions == {"corpus_gm": 1150, "corpus_apple": 1048,
                               "corpus_airbus": 990, "corpus_stock": 609}
    instances = {m.instance for a in articles for m in a.of_kind("entity")}
    assert len(instances) == 753
    assert sum(1 for a in articles if a.published) == 118
