"""Input built to make the NLP stages deep or slow: nothing in it may stop a batch.

- Parse trees thousands of tokens deep (a list of 1,200 place names or people joined by
  commas, a run of "of the heads of the heads ...") once raised RecursionError in
  coreference and in the event actors: every walk over the parse is a loop now.
- An article that is merely slow (a stage that grows faster than the text) is cut off
  by the per-article time budget (setting TIDINGS_ARTICLE_SECONDS): ingest records it in
  failures as ``too_slow`` and goes on with the other articles.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from test_extract_properties import check_offsets

from tidings import Document, Rejected, extract
from tidings.batch import ingest_articles
from tidings.errors import SettingError, TimeBudgetExceeded
from tidings.extraction import prepare
from tidings.model import RawArticle
from tidings.nlp import budget
from tidings.store import Corpus

NAMES = ["Ali", "Bob", "Carl", "Dina", "Emma", "Fred", "Gus", "Hana"]

#: Each of these parsed as one chain over a thousand tokens deep and raised RecursionError.
DEEP_INPUTS = {
    # conj/appos chain of places: coreference's role of a mention
    "place_list": "Talks opened in Baku. Delegates came from "
    + ", ".join(["Paris", "London", "Berlin", "Rome"] * 300) + ".",
    # conj chain of people: coreference's role and the people joined by "and"
    "people_list": "Talks opened in Baku. "
    + ", ".join(f"{name} Smith" for name in NAMES * 150) + " met.",
    # prep/pobj chain: the entities an event actor's phrase names
    "of_chain": "Talks opened in Baku. The leaders " + " ".join(["of the heads"] * 1200)
    + " of Russia attacked Kyiv.",
}

GOOD_ARTICLE = (
    "TASHKENT, May 20 - Uzbek President Shavkat Mirziyoyev met Kazakh Foreign Minister "
    "Murat Nurtleu in Tashkent on Monday. The two sides discussed border trade and water "
    "use, the presidential press service said. \"Our cooperation is growing,\" Mirziyoyev "
    "said. Nurtleu later travelled to Samarkand, where he met local officials.\n"
)


def _slow_article() -> str:
    """A few hundred people joined by "and": the roles and coreference stages compare
    each with the others, seconds of work where a normal article takes milliseconds."""
    people = " and ".join(f"{name} Smith" for name in NAMES * 150)
    return f"Talks opened in Baku. {people} met in the city on Monday."


@pytest.mark.parametrize("name", sorted(DEEP_INPUTS))
def test_a_parse_thousands_deep_gives_a_document(extractor, name: str) -> None:
    result = extract(DEEP_INPUTS[name], require_english=False)
    assert isinstance(result, (Document, Rejected))
    if isinstance(result, Rejected):
        assert result.reason and "\n" not in result.reason
        pytest.fail(f"rejected: {result.reason}")
    assert result.entities
    check_offsets(result)


# --- the time budget ------------------------------------------------------------------


def test_the_budget_is_read_from_the_setting_when_a_stage_starts(monkeypatch) -> None:
    monkeypatch.setenv("TIDINGS_ARTICLE_SECONDS", "0.000001")
    with pytest.raises(TimeBudgetExceeded) as caught:
        with budget.stage("coreference"):
            time.sleep(0.002)
            budget.check()
    message = str(caught.value)
    assert message == (
        "article took over 1e-06 s in coreference: skipped (setting TIDINGS_ARTICLE_SECONDS)"
    )
    # A stage with no check inside is still checked when it ends.
    with pytest.raises(TimeBudgetExceeded):
        with budget.stage("dates"):
            time.sleep(0.002)
    budget.check()  # outside any stage: nothing to check
    monkeypatch.setenv("TIDINGS_ARTICLE_SECONDS", "0")  # 0: no limit
    with budget.stage("events"):
        time.sleep(0.002)
        budget.check()
    monkeypatch.setenv("TIDINGS_ARTICLE_SECONDS", "soon")
    with pytest.raises(SettingError, match="TIDINGS_ARTICLE_SECONDS='soon'"):
        with budget.stage("events"):
            pass


def test_extract_returns_too_slow_when_over_the_budget(extractor, monkeypatch) -> None:
    monkeypatch.setenv("TIDINGS_ARTICLE_SECONDS", "0.000001")
    result = extract(GOOD_ARTICLE)
    assert isinstance(result, Rejected)
    assert result.code == "too_slow"
    assert "TIDINGS_ARTICLE_SECONDS" in result.reason and "\n" not in result.reason


def test_a_too_slow_article_is_a_failure_and_the_batch_goes_on(
    extractor, tmp_path: Path, monkeypatch
) -> None:
    good = RawArticle(source="good.txt", text=GOOD_ARTICLE)
    later = RawArticle(source="later.txt", text=GOOD_ARTICLE.replace("Monday", "Tuesday"))
    slow = RawArticle(source="slow.txt", text=_slow_article())
    # The one-time loads of the first article (gazetteers, lexicons) are done before the
    # budget is cut down.
    ((_, warm),) = list(extractor.run([good]))
    assert isinstance(warm, Document)
    # The budget is per stage and article: half a second is a hundred times what any
    # stage takes on the good article, and a fraction of what roles or coreference
    # take on the slow one.
    monkeypatch.setenv("TIDINGS_ARTICLE_SECONDS", "0.5")

    def no_language_check(raw: RawArticle):
        return prepare(raw, require_english=False)  # the slow one is a list of names

    with Corpus(tmp_path / "t.db") as corpus:
        # The slow article first in its batch: the batch fails, then runs one by one.
        report = ingest_articles(
            [slow, good, later], corpus, extractor=extractor, progress=False, batch_size=2,
            prepare=no_language_check,
        )
        failures = corpus.failures()
        assert report.stored == 2, report.to_dict()
        assert report.failed == 1
        ids = [no_language_check(raw).id for raw in (good, later, slow)]
        assert [corpus.has(doc_id) for doc_id in ids] == [True, True, False]
    assert [(f.source, f.stage, f.code) for f in failures] == [("slow.txt", "nlp", "too_slow")]
    reason = failures[0].reason
    assert reason.startswith("article took over 0.5 s in ")
    assert reason.endswith(": skipped (setting TIDINGS_ARTICLE_SECONDS)")
