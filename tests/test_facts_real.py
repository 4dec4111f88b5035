"""The entity, post and statement gold on real news: its files, its resolver, and the
scorer that puts Tidings beside the baselines."""

from __future__ import annotations

import json

from click.testing import CliRunner
from shared_news import DATA, needs_shared_news

from tidings.eval.event_gold import GOLD_DIR, GoldSpan, SharedText, load_texts
from tidings.eval.facts_gold import (
    FactsEntity,
    FactsPost,
    FactsStatement,
    FactsText,
    check_record,
    resolve,
)
from tidings.eval.facts_real import (
    FactsResult,
    PredEntity,
    Predictions,
    PredPost,
    score_text,
)
from tidings.eval.statements import Predicted


def _lines(name: str) -> list[dict]:
    return [json.loads(line) for line in
            (GOLD_DIR / name).read_text(encoding="utf-8").splitlines() if line.strip()]


# --- the gold files ---------------------------------------------------------------------


def test_facts_gold_follows_the_event_split_and_is_large_enough() -> None:
    facts = {split: _lines(f"facts_{split}.jsonl") for split in ("dev", "test")}
    events = {split: {r["id"] for r in _lines(f"events_{split}.jsonl")}
              for split in ("dev", "test")}
    for split, records in facts.items():
        assert {r["id"] for r in records} <= events[split]
    every = facts["dev"] + facts["test"]
    assert sum(len(r["statements"]) for r in every) >= 300
    assert sum(len(r["entities"]) for r in every) >= 300
    assert sum(len(r["posts"]) for r in every) >= 100
    assert all("text" not in r for r in every)  # ids and offsets only, never the texts


@needs_shared_news
def test_every_facts_gold_span_slices_its_shared_text() -> None:
    records = _lines("facts_dev.jsonl") + _lines("facts_test.jsonl")
    texts = load_texts(DATA, [(r["dataset"], r["id"]) for r in records])
    assert all(check_record(r, texts) == [] for r in records)


# --- the resolver: drafts of words and occurrences to offsets -----------------------------

TEXT = ("President Kassym-Jomart Tokayev met the Minister of Foreign Affairs of Kazakhstan. "
        "Tokayev said the talks in Astana were useful. Kazakhstan will host the next round.")
SHARED = {("wikinews_en", "x1"): SharedText("wikinews_en", "x1", TEXT, "Title", "2024-03-14")}


def test_resolver_finds_every_form_and_leaves_names_inside_longer_names() -> None:
    draft = {
        "dataset": "wikinews_en", "id": "x1", "kind": "article",
        "entities": [
            {"name": "Kassym-Jomart Tokayev", "type": "PER", "aliases": ["Tokayev"]},
            {"name": "Ministry of Foreign Affairs of Kazakhstan", "type": "ORG",
             "mentions": [{"text": "Minister of Foreign Affairs of Kazakhstan"}]},
            {"name": "Kazakhstan", "type": "LOC", "aliases": []},
        ],
        "posts": [{"person": "Kassym-Jomart Tokayev", "title": "President", "country": "KAZ",
                   "organization": None, "evidence": {"text": "President Kassym-Jomart Tokayev"}}],
        "statements": [{"speaker": {"text": "Tokayev", "nth": 1,
                                    "name": "Kassym-Jomart Tokayev"},
                        "cue": {"text": "said"},
                        "content": {"text": "the talks in Astana were useful"},
                        "direct": False}],
    }
    record, problems = resolve(draft, SHARED)
    assert problems == []
    tokayev, ministry, kazakhstan = record["entities"]
    # "Tokayev" inside "Kassym-Jomart Tokayev" is the full name's, not a second mention.
    assert [(m["start"], m["end"]) for m in tokayev["mentions"]] == [(10, 31), (83, 90)]
    assert ministry["mentions"][0]["text"] == "Minister of Foreign Affairs of Kazakhstan"
    # "Kazakhstan" inside the ministry's name is not a mention of the country.
    assert [m["start"] for m in kazakhstan["mentions"]] == [TEXT.rindex("Kazakhstan")]
    assert record["statements"][0]["speaker"]["start"] == 83
    assert record["published"] == "2024-03-14"


def test_resolver_reports_words_that_are_not_in_the_text() -> None:
    draft = {"dataset": "wikinews_en", "id": "x1", "entities": [],
             "statements": [{"content": {"text": "talks were useless"}}]}
    _, problems = resolve(draft, SHARED)
    assert problems and "occurs 0 times" in problems[0]


# --- the scorer ---------------------------------------------------------------------------


def _span(words: str, nth: int = 0) -> GoldSpan:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(words, start + 1)
    return GoldSpan(start, start + len(words), words)


def _gold() -> FactsText:
    tokayev = FactsEntity("Kassym-Jomart Tokayev", "PER", ("Tokayev",),
                          (_span("Kassym-Jomart Tokayev"), _span("Tokayev", 1)))
    kazakhstan = FactsEntity("Kazakhstan", "LOC", (), (_span("Kazakhstan", 1),))
    return FactsText(
        "wikinews_en", "x1", "article", SHARED[("wikinews_en", "x1")], "2024-03-14",
        (tokayev, kazakhstan),
        (FactsPost("Kassym-Jomart Tokayev", "President", None, "KAZ",
                   _span("President Kassym-Jomart Tokayev")),),
        (FactsStatement(_span("Tokayev", 1), "Kassym-Jomart Tokayev", _span("said"),
                        _span("the talks in Astana were useful"), False),),
    )


def _tokayev_mentions() -> tuple[tuple[int, int], ...]:
    return ((_span("Kassym-Jomart Tokayev").start, _span("Kassym-Jomart Tokayev").end),
            (_span("Tokayev", 1).start, _span("Tokayev", 1).end))


def test_an_alias_name_counts_and_a_wrong_type_does_not() -> None:
    result = FactsResult()
    score_text(_gold(), Predictions(
        (PredEntity("PER", "Tokayev", _tokayev_mentions()),
         PredEntity("PER", "Kazakhstan", ())), (), ()), result)
    assert (result.entities.tp, result.entities.fp, result.entities.fn) == (1, 1, 1)


def test_a_country_may_be_named_by_its_table_name() -> None:
    gold = _gold()
    gold = FactsText(gold.dataset, gold.id, gold.kind, gold.text, gold.published,
                     (gold.entities[0], FactsEntity("U.S.", "LOC", (), ())), (), ())
    result = FactsResult()
    score_text(gold, Predictions((PredEntity("LOC", "United States", ()),), (), ()), result)
    assert result.entities.tp == 1


def test_a_post_needs_its_title_and_the_gold_country() -> None:
    for country, found in (("KAZ", 1), (None, 0), ("UZB", 0)):
        result = FactsResult()
        post = PredPost(_tokayev_mentions(), ("President",), country)
        score_text(_gold(), Predictions((), (post,), ()), result)
        assert result.posts.tp == found, country
        assert result.post_titles.tp == 1


def test_a_speaker_is_right_only_when_it_is_the_named_entity() -> None:
    content = _span("the talks in Astana were useful")
    cases = [
        (Predicted(((content.start, content.end),), (), False, _tokayev_mentions(), True), 1),
        # an unresolved "Tokayev": its words are a mention of the gold entity
        (Predicted(((content.start, content.end),), (_tokayev_mentions()[1],), False), 1),
        # resolved to another entity (the country)
        (Predicted(((content.start, content.end),), (), False,
                   ((_span("Kazakhstan", 1).start, _span("Kazakhstan", 1).end),), True), 0),
    ]
    for predicted, right in cases:
        result = FactsResult()
        score_text(_gold(), Predictions((), (), (predicted,)), result)
        assert result.statements.tp == 1
        assert (result.speaker_judged, result.speaker_right) == (1, right)


def test_errors_are_never_listed_for_the_test_split() -> None:
    from tidings.cli.eval import command

    out = CliRunner().invoke(command, ["facts", "--split", "test", "--errors"])
    assert out.exit_code != 0
    assert "dev split" in out.output
