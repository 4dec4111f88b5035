"""The event gold on real news, its checker, the keyword baseline, the scorer that puts
them side by side, and the ``main`` flag."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_news import needs_shared_news

from tidings.eval.event_baseline import KEYWORDS, keyword_events
from tidings.eval.event_gold import (
    GOLD_DIR,
    GoldActor,
    GoldEvent,
    GoldSpan,
    SharedText,
    check_record,
)
from tidings.eval.events_real import (
    PredActor,
    PredEvent,
    actor_matches,
    date_right,
    pair_events,
    score,
    side_right,
)
from tidings.model import Document, RawArticle


def _gold_lines(split: str) -> list[dict]:
    path = GOLD_DIR / f"events_{split}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- the gold files ---------------------------------------------------------------------


def test_gold_is_split_by_text_and_large_enough() -> None:
    dev, test = _gold_lines("dev"), _gold_lines("test")
    dev_ids, test_ids = {r["id"] for r in dev}, {r["id"] for r in test}
    assert not dev_ids & test_ids
    texts = dev + test
    assert len(texts) >= 150
    assert sum(len(r["events"]) for r in texts) >= 400
    assert sum(r["kind"] == "article" for r in texts) * 3 >= len(texts)


def test_gold_holds_no_copy_of_a_text() -> None:
    for record in _gold_lines("dev") + _gold_lines("test"):
        assert set(record) <= {"dataset", "id", "kind", "events", "notes"}
        for event in record["events"]:
            spans = [event["trigger"], *event.get("mentions", ()), *event.get("source", ()),
                     *event.get("target", ())]
            assert all(len(s["text"]) < 200 for s in spans)


@needs_shared_news
@pytest.mark.data
def test_every_gold_span_slices_its_shared_text() -> None:
    from tidings.eval.event_gold import load_gold

    for split in ("dev", "test"):
        golds = load_gold(split)  # raises on any span that does not slice its text
        assert golds
        for gold in golds:
            for event in gold.events:
                for span in (event.trigger, *event.mentions, *event.source, *event.target):
                    assert gold.text.text[span.start:span.end] == span.text
            assert sum(e.main for e in gold.events) == (1 if gold.events else 0)


def test_checker_names_each_problem_of_a_gold_line() -> None:
    texts = {("current_events", "x"): SharedText("current_events", "x",
                                                 "Police arrested two men.", None, None)}
    good = {"dataset": "current_events", "id": "x", "events": [
        {"type": "COERCE", "trigger": {"start": 7, "end": 15, "text": "arrested"},
         "target": [{"start": 16, "end": 23, "text": "two men", "name": "two men"}],
         "main": True}]}
    assert check_record(good, texts) == []
    bad = {"dataset": "current_events", "id": "x", "events": [
        {"type": "ARREST", "trigger": {"start": 7, "end": 14, "text": "arrested"},
         "date": {"value": "14 March", "basis": "guess"}},
        {"type": "COERCE", "trigger": {"start": 0, "end": 99, "text": "Police"}}]}
    problems = check_record(bad, texts)
    assert any("unknown type 'ARREST'" in p for p in problems)
    assert any("is 'arreste'" in p for p in problems)
    assert any("out of range" in p for p in problems)
    assert any("0 main events" in p for p in problems)
    assert any("not YYYY" in p for p in problems)
    assert any("basis must be" in p for p in problems)
    assert check_record({"dataset": "wikinews_en", "id": "nope", "events": []}, texts) == [
        "no shared text wikinews_en/nope"]


# --- the keyword baseline ----------------------------------------------------------------


def test_baseline_takes_the_first_keyword_of_each_sentence() -> None:
    text = ("Police arrested 12 protesters after the rally. The two ministers met in Almaty "
            "and signed a deal. Nothing else happened.")
    events = keyword_events(text)
    assert [(e.type, text[e.trigger[0]:e.trigger[1]]) for e in events] == [
        ("COERCE", "arrested"), ("CONSULT", "met")]
    assert events[1].source == ("Almaty",) or events[1].target == ("Almaty",)


def test_baseline_word_lists_cover_every_plover_type_once() -> None:
    from tidings.eval.events_real import TYPES

    assert set(KEYWORDS) == set(TYPES)
    assert all(1 <= len(words) <= 25 for words in KEYWORDS.values())


@given(st.text(alphabet=st.sampled_from("abc .!?\nKillMet ArrestProtest"), max_size=200))
@settings(max_examples=150, deadline=None)
def test_baseline_spans_slice_the_text(text: str) -> None:
    for event in keyword_events(text):
        start, end = event.trigger
        assert 0 <= start < end <= len(text)
        assert event.sentence[0] <= start and end <= event.sentence[1]


# --- the scorer --------------------------------------------------------------------------


def _span(text: str, word: str) -> GoldSpan:
    start = text.index(word)
    return GoldSpan(start, start + len(word), word)


def _actor(text: str, word: str, name: str | None = None) -> GoldActor:
    span = _span(text, word)
    return GoldActor(span.start, span.end, word, name or word)


def _gold_event(text: str, etype: str, trigger: str, **kw) -> GoldEvent:
    fields = dict(type=etype, mode=None, trigger=_span(text, trigger), mentions=(),
                  source=(), target=(), mutual=False, location=None, date=None,
                  asserted_by=None, negated=False, hypothetical=False, future=False,
                  main=False)
    fields.update(kw)
    return GoldEvent(**fields)


def _pred(text: str, etype: str, trigger: str, **kw) -> PredEvent:
    span = _span(text, trigger)
    return PredEvent(type=etype, trigger=(span.start, span.end), sentence=(0, len(text)),
                     label=trigger, **kw)


def test_pairing_prefers_same_type_overlap_and_skips_repeated_reports() -> None:
    text = "Putin met Xi in Moscow. The meeting lasted hours. Police arrested a man."
    gold = [_gold_event(text, "CONSULT", "met", mentions=(_span(text, "meeting"),)),
            _gold_event(text, "COERCE", "arrested")]
    pred = [_pred(text, "CONSULT", "met"), _pred(text, "CONSULT", "meeting"),
            _pred(text, "ASSAULT", "arrested"), _pred(text, "PROTEST", "lasted")]
    pairs, unpaired = pair_events(gold, pred)
    assert sorted(pairs) == [(0, 0), (1, 2)]
    assert unpaired == [3]  # the second "meeting" repeats a paired event: not counted


def test_actor_matching_by_span_words_and_country() -> None:
    text = "Russian forces shelled Kharkiv, Vladimir Putin said."
    putin = _actor(text, "Vladimir Putin")
    assert actor_matches(putin, PredActor(names=("Putin",)))
    assert actor_matches(putin, PredActor(names=("someone",), spans=((31, 38),)))
    assert not actor_matches(putin, PredActor(names=("Vladimir Zelensky",)))
    russia = _actor(text, "Russian", "Russia")
    assert actor_matches(russia, PredActor(names=("Moscow",)))
    assert side_right([], [])
    assert not side_right([putin], [])
    assert not side_right([putin], [PredActor(names=("Putin",)), PredActor(names=("Kyiv",))])


def test_dates_agree_at_the_gold_precision() -> None:
    assert date_right("2024-03", "2024-03-14")
    assert date_right("2024-03-14", "2024-03-14")
    assert not date_right("2024-03-14", "2024-03")
    assert not date_right("2024-03-14", None)


def test_score_counts_types_arguments_and_main() -> None:
    from tidings.eval.event_gold import GoldText

    text = "Putin met Xi in Moscow on Monday. Police arrested a man."
    shared = SharedText("current_events", "t", text, None, "2024-03-14")
    gold = GoldText("current_events", "t", "short", shared, (
        _gold_event(text, "CONSULT", "met", source=(_actor(text, "Putin"),),
                    target=(_actor(text, "Xi"),), location=_span(text, "Moscow"),
                    date=("2024-03-11", "relative"), main=True),
        _gold_event(text, "COERCE", "arrested", source=(_actor(text, "Police"),)),
    ))
    pred = [
        _pred(text, "CONSULT", "met", source=(PredActor(names=("Vladimir Putin",)),),
              target=(PredActor(names=("Xi Jinping",)),), location=PredActor(("Moscow",)),
              date="2024-03-11", main=True),
        _pred(text, "ASSAULT", "arrested"),
    ]
    report = score([gold], {"t": pred})
    assert report["per_type"]["CONSULT"]["f1"] == 1.0
    assert report["per_type"]["COERCE"]["recall"] == 0.0
    assert report["per_type"]["ASSAULT"]["precision"] == 0.0
    assert report["macro_f1"] == 0.5  # CONSULT 1.0, COERCE 0.0
    assert report["source"] == {"right": 1, "of": 2, "accuracy": 0.5}
    assert report["location"]["accuracy"] == 1.0 and report["date"]["accuracy"] == 1.0
    assert report["main"] == {"right": 1, "of": 1, "accuracy": 1.0}


@needs_shared_news
@pytest.mark.data
def test_cli_eval_real_news_prints_both_systems_and_guards_the_test_split() -> None:
    from tidings.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["eval", "events", "--dataset", "real", "--split", "dev",
                                  "--limit", "4", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)["real_dev"]
    assert report["baseline"]["texts"] == report["tidings"]["texts"] == 4
    refused = runner.invoke(main, ["eval", "events", "--dataset", "real", "--split", "test",
                                   "--errors"])
    assert refused.exit_code != 0
    assert "dev split" in refused.output


# --- the main flag ----------------------------------------------------------------------


def test_the_main_event_is_the_first_one_told_as_happening(extractor) -> None:
    text = ("If talks fail, Belarus could close its border. Police detained three "
            "activists in Minsk on Monday. Later the foreign ministers of Belarus and Russia "
            "met in Moscow and signed a treaty on border security.")
    raw = RawArticle(source="<t>", text=text, published="2024-03-14",
                     title="Belarus and Russia sign border treaty")
    ((_, doc),) = list(extractor.run([raw]))
    assert isinstance(doc, Document)
    mains = [e for e in doc.events if e.main]
    assert len(mains) == 1 and mains[0].type == "COERCE"  # the conditional closure is not
