"""Statements: quotation finding, reported speech, speakers, scoring and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from tidings import settings as tidings_settings
from tidings.eval import statements as scoring
from tidings.eval.statements import GoldAttribution, GoldStatementsDoc, Predicted
from tidings.nlp.annotations import CorefMention
from tidings.nlp.statements import Quote, find_quotes, speech_cues

DATA = Path(tidings_settings.get("data_dir"))
needs_polnear = pytest.mark.skipif(
    not (DATA / "polnear" / "data" / "dev" / "attributions").is_dir(),
    reason=f"PolNeAR not found at {DATA}",
)


@Language.component("test_coref_from_user_data")
def _coref_from_user_data(doc):
    """Writes ``doc._.coref`` from ``doc.user_data["coref"]``: a coref stand-in."""
    if "coref" in doc.user_data:
        doc._.coref = [CorefMention(*m) for m in doc.user_data["coref"]]
    return doc


@pytest.fixture(scope="module")
def nlp():
    """Base model, entity stages and statements only: no coreference component."""
    from tidings.nlp import entity_fixes, entity_groups, statements  # noqa: F401
    from tidings.nlp.pipeline import load_base

    pipeline = load_base()
    for name in ("tidings_entity_fixes", "tidings_entity_groups", "tidings_statements"):
        pipeline.add_pipe(name)
    return pipeline


def found(nlp, text: str) -> list[dict]:
    doc = nlp(text)
    return _describe(doc)


def _describe(doc) -> list[dict]:
    groups = doc._.entity_groups
    return [
        {
            "speaker": groups[s.speaker].name if s.speaker is not None else None,
            "words": doc.text[s.speaker_span[0] : s.speaker_span[1]] if s.speaker_span else None,
            "cue": doc.text[s.cue[0] : s.cue[1]],
            "content": doc.text[s.content[0] : s.content[1]],
            "direct": s.direct,
        }
        for s in doc._.statements
    ]


# --- quotations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["“We agree.”", '"We agree."', "«We agree.»", "‘We agree.’", "„We agree.“", "'We agree.'"],
)
def test_find_quotes_every_quote_style(text):
    assert find_quotes(f"He said: {text} Then he left.") == [Quote(9, 9 + len(text))]


def test_find_quotes_apostrophes_are_not_quote_marks():
    text = "Clinton’s team didn't say. ‘The border’s open,’ he said."
    (quote,) = find_quotes(text)
    assert text[quote.start : quote.end] == "‘The border’s open,’"


def test_find_quotes_two_paragraph_quotation_is_one():
    text = '"We hear you.\n\n"But we will not yield," he said.'
    (quote,) = find_quotes(text)
    assert quote == Quote(0, text.index(',"') + 2, paragraphs=2)


def test_find_quotes_unclosed_mark_without_next_opening_is_no_quotation():
    assert find_quotes('He said "we agree.\n\nThen he left.') == []


def test_speech_lexicon_has_frames_and_two_word_cues():
    cues = speech_cues()
    assert "that" in cues["note"][0].frames
    assert cues["voice"][0].words == ("voice", "confidence")
    assert {"that", "quote", "to"} <= cues["tell"][0].frames
    assert cues["according"][0].frames == frozenset({"source"})
    assert "emphasize" in cues and "emphasise" in cues


# --- reported speech ----------------------------------------------------------------------


def test_statements_noted_that_content_has_no_that_and_no_full_stop(nlp):
    (s,) = found(nlp, "Kamchybek Tashiev noted that the parties had reached consensus.")
    assert s == {
        "speaker": "Kamchybek Tashiev",
        "words": "Kamchybek Tashiev",
        "cue": "noted",
        "content": "the parties had reached consensus",
        "direct": False,
    }


def test_statements_said_without_that(nlp):
    (s,) = found(nlp, "Murat Nurtleu said the talks were useful.")
    assert (s["speaker"], s["cue"], s["content"]) == (
        "Murat Nurtleu", "said", "the talks were useful"
    )


def test_statements_said_after_the_content(nlp):
    (s,) = found(nlp, "But the talks were useful and the sides will meet again, Nurtleu said.")
    assert s["content"] == "But the talks were useful and the sides will meet again"
    assert s["words"] == "Nurtleu"


def test_statements_voiced_confidence_is_a_two_word_cue(nlp):
    (s,) = found(nlp, "Tokayev voiced confidence that the agreement would hold.")
    assert (s["cue"], s["content"]) == ("voiced confidence", "the agreement would hold")


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("According to the Interior Ministry, three people were detained.",
         ["three people were detained"]),
        ("Three people were detained, according to the Interior Ministry.",
         ["Three people were detained"]),
        ("Three people, according to the Interior Ministry, were detained.",
         ["Three people", "were detained"]),
    ],
)
def test_statements_according_to_source_is_the_speaker(nlp, text, content):
    result = found(nlp, text)
    assert [s["content"] for s in result] == content
    assert {(s["speaker"], s["cue"].lower()) for s in result} == {
        ("Interior Ministry", "according to")
    }


def test_statements_press_office_speaks_for_its_ministry(nlp):
    (s,) = found(
        nlp, "The Interior Ministry's press office told Interfax that the border was closed."
    )
    assert (s["speaker"], s["cue"], s["content"]) == (
        "Interior Ministry", "told", "the border was closed"
    )
    assert s["words"] == "The Interior Ministry's press office"


def test_statements_press_service_of_a_committee_speaks_for_it(nlp):
    (s,) = found(
        nlp,
        "The press service of the State Committee for National Security reported that "
        "two guards were injured.",
    )
    assert s["speaker"] == "State Committee for National Security"


def test_statements_passive_told_has_no_speaker(nlp):
    (s,) = found(nlp, "Sadyr Japarov arrived. He was told that the deal was off.")
    assert (s["speaker"], s["words"]) == (None, None)


def test_statements_nested_reported_speech_keeps_the_outer_statement(nlp):
    result = found(nlp, "Tashiev said that Yatimov had told him the border would reopen.")
    assert [(s["cue"], s["content"]) for s in result] == [
        ("said", "Yatimov had told him the border would reopen")
    ]


def test_statements_speech_verb_inside_a_quotation_is_not_a_cue(nlp):
    result = found(nlp, 'Critics mocked the "he said, she said" politics of the campaign.')
    assert result == []


# --- quotations attributed ----------------------------------------------------------------


def test_statements_quotation_then_attribution_content_is_inside_the_marks(nlp):
    (s,) = found(nlp, "“We will not give up,” said Sadyr Japarov.")
    assert s == {
        "speaker": "Sadyr Japarov",
        "words": "Sadyr Japarov",
        "cue": "said",
        "content": "We will not give up",
        "direct": True,
    }


def test_statements_attribution_then_quotation_in_guillemets(nlp):
    (s,) = found(nlp, "Marina Tauber said: «The government has ignored the people.»")
    assert (s["speaker"], s["content"], s["direct"]) == (
        "Marina Tauber", "The government has ignored the people.", True
    )


def test_statements_interrupted_quotation_is_two_statements_with_one_cue(nlp):
    text = "“We are ready,” Sadyr Japarov said, “and we will not wait.”"
    result = found(nlp, text)
    assert [s["content"] for s in result] == ["We are ready", "and we will not wait."]
    assert {(s["speaker"], s["cue"]) for s in result} == {("Sadyr Japarov", "said")}
    doc = nlp(text)
    assert doc._.statements[0].cue == doc._.statements[1].cue


def test_statements_quotation_after_the_attribution_sentence_continues_it(nlp):
    text = "“It was hard,” Flynn said. “But we are right.”"
    assert [(s["speaker"], s["content"]) for s in found(nlp, text)] == [
        ("Flynn", "It was hard"), ("Flynn", "But we are right.")
    ]


def test_statements_quotation_over_two_paragraphs_is_one_statement(nlp):
    text = (
        "On Monday, President Sadyr Japarov spoke to the crowd. “We hear you.\n\n"
        "“But blocking roads is no way to talk,” he said."
    )
    (s,) = found(nlp, text)
    assert s["content"] == "We hear you.\n\n“But blocking roads is no way to talk"
    assert (s["speaker"], s["direct"]) == ("Sadyr Japarov", True)


def test_statements_scare_quote_in_a_sentence_is_no_statement_of_its_own(nlp):
    (s,) = found(nlp, "Flynn said Trump was “absolutely right” about the generals.")
    assert s["content"] == "Trump was “absolutely right” about the generals"
    assert s["direct"] is False


def test_statements_quotation_without_attribution_is_no_statement(nlp):
    assert found(nlp, "Banners read “No to the tariff.” Traffic stopped.") == []


def test_statements_vox_pop_and_transcript_labels(nlp):
    text = (
        "Chris Wallace asked the questions.\n\n"
        "WALLACE: Will you be there tomorrow?\n\n"
        "“He scares me.” ― Krystal Correa"
    )
    result = found(nlp, text)
    assert [(s["speaker"], s["cue"], s["content"]) for s in result] == [
        ("Chris Wallace", ":", "Will you be there tomorrow?"),
        ("Krystal Correa", "―", "He scares me."),
    ]


# --- speakers -----------------------------------------------------------------------------


def test_statements_pronoun_speaker_resolves_to_last_person(nlp):
    text = (
        "Kamchybek Tashiev met Saimumin Yatimov. Yatimov left early. "
        "He noted that the talks were useful."
    )
    (s,) = found(nlp, text)
    assert (s["speaker"], s["words"]) == ("Saimumin Yatimov", "He")


def test_statements_pronoun_before_a_quotation_skips_names_inside_it(nlp):
    text = "Flynn spoke on Thursday. “Trump is right,” he said."
    (s,) = found(nlp, text)
    assert s["speaker"] == "Flynn"


def test_statements_reads_coref_when_a_coref_component_ran(nlp):
    text = "Tashiev met Saimumin Yatimov. He noted that the talks were useful."
    doc = nlp.make_doc(text)
    he = text.index("He ")
    # The coref component says "He" is Tashiev (entity 0), not the nearer Yatimov.
    doc.user_data["coref"] = [(0, he, he + 2)]
    with nlp.select_pipes(disable=[]):
        nlp.add_pipe("test_coref_from_user_data", before="tidings_statements")
        try:
            for _, proc in nlp.pipeline:
                doc = proc(doc)
        finally:
            nlp.remove_pipe("test_coref_from_user_data")
    (s,) = _describe(doc)
    assert s["speaker"] == doc._.entity_groups[0].name


def test_statements_unlinked_pronoun_stays_unnamed_when_coref_ran(nlp):
    doc = nlp.make_doc("Tashiev met Yatimov. He noted that the talks were useful.")
    doc._.coref = []  # a coref component ran and linked nothing
    for name, proc in nlp.pipeline:
        if name != "tidings_statements":
            doc = proc(doc)
    doc._.coref = []
    doc = nlp.get_pipe("tidings_statements")(doc)
    (s,) = _describe(doc)
    assert s["speaker"] is None and s["words"] == "He"


SENTENCES = [
    "Tashiev noted that the parties had reached consensus.",
    "“We are ready,” he said, “and we will not wait.”",
    "According to the ministry, the border is closed.",
    "The talks, Nurtleu said, were useful.",
    '"It was hard," Flynn said. "But we are right."',
    "WALLACE: Will you be there?",
    "Banners read “No to the tariff.”",
    "The Interior Ministry's press office told Interfax that 14 people were held.",
    "He was told that the deal was off.",
    "«We agree,» the minister added.",
]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=5), st.sampled_from([" ", "\n\n"]))
def test_statements_offsets_are_in_the_text_and_content_never_holds_its_cue(nlp, parts, sep):
    doc = nlp(sep.join(parts))
    n = len(doc.text)
    for s in doc._.statements:
        for start, end in (s.cue, s.content, *([s.speaker_span] if s.speaker_span else [])):
            assert 0 <= start < end <= n
        piece = doc.text[s.content[0] : s.content[1]]
        assert piece == piece.strip()
        assert not (s.content[0] <= s.cue[0] < s.content[1])
        assert s.speaker is None or 0 <= s.speaker < len(doc._.entity_groups)


# --- the whole pipeline, the store and the CLI --------------------------------------------


def test_document_statements_carry_entity_ids_and_exact_text(extractor):
    from tidings.model import Document, RawArticle

    raw = RawArticle(
        source="t",
        text="Kamchybek Tashiev met reporters in Bishkek on Monday. "
        "Tashiev noted that the parties had managed to reach consensus.",
    )
    ((_, doc),) = list(extractor.run([raw]))
    assert isinstance(doc, Document)
    (s,) = doc.statements
    speaker = next(e for e in doc.entities if e.id == s.speaker)
    assert speaker.name == "Kamchybek Tashiev"
    assert s.id == f"{doc.id}-s1"
    assert (s.cue.text, s.content.text) == ("noted", "the parties had managed to reach consensus")
    assert doc.text[s.content.start : s.content.end] == s.content.text


def test_show_prints_statements_and_json_round_trips_them(tmp_path):
    from tidings.cli import main

    article = tmp_path / "a.txt"
    article.write_text(
        "Bishkek, 14 March 2024 - Kamchybek Tashiev met reporters in Bishkek on Thursday.\n\n"
        "Tashiev noted that the parties had managed to reach consensus on the border. "
        "“We will keep talking,” he said.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    extracted = runner.invoke(main, ["extract", str(article)])
    assert extracted.exit_code == 0, extracted.output
    expected = json.loads(extracted.output)["statements"]
    assert expected
    assert runner.invoke(main, ["ingest", str(article), "--db", db]).exit_code == 0
    shown = runner.invoke(main, ["show", json.loads(extracted.output)["id"], "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "STATEMENTS" in shown.output
    assert "Kamchybek Tashiev — noted: the parties had managed" in shown.output
    assert "Kamchybek Tashiev — said: “We will keep talking”" in shown.output
    as_json = runner.invoke(
        main, ["show", json.loads(extracted.output)["id"], "--db", db, "--json"]
    )
    assert json.loads(as_json.output)["statements"] == expected


# --- scoring ------------------------------------------------------------------------------


def test_read_ann_joins_fragments_and_second_contents():
    text = "“A b,” he said, “c d.” E f said g h."
    ann = "\n".join(
        [
            "T1\tSource 7 9\the",
            "T2\tCue 10 14\tsaid",
            "T3\tContent 0 6;16 22\t“A b,” “c d.”",
            "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1",
            "T4\tContent 32 35\tg h",
            "T5\tCue 27 31\tsaid",
            "E2\tAttribution-no-source:T5 Content:T4 Cue:T5",
        ]
    )
    one, two = scoring.read_ann(text, ann)
    assert one.content == ((0, 6), (16, 22)) and one.source == ((7, 9),)
    assert two.source == () and two.content == ((32, 35),)


def test_normalise_drops_quote_marks_punctuation_and_that():
    text = "He said that “the talks were useful.”"
    start, end = scoring.normalise(text, 8, len(text))
    assert text[start:end] == "the talks were useful"


def test_score_exact_overlap_speaker_by_hand():
    text = "Tashiev said that the talks were useful and long. “We won,” Yatimov said."
    gold = GoldStatementsDoc(
        "d",
        text,
        (
            GoldAttribution(((13, 49),), ((0, 7),), ((8, 12),)),  # that the ... long
            GoldAttribution(((50, 59),), ((60, 67),), ((68, 72),)),  # “We won,”
        ),
    )
    preds = [
        Predicted(((18, 40),), ((0, 7),)),  # "the talks were useful": overlap 22/31 chars
        Predicted(((51, 57),), ((0, 7),), direct=True),  # exact, wrong speaker words
        Predicted(((0, 7),), ()),  # nothing there
    ]
    result = scoring.score([gold], [preds])
    assert (result.exact.tp, result.exact.fp, result.exact.fn) == (1, 2, 1)
    assert (result.overlap.tp, result.overlap.fp, result.overlap.fn) == (2, 1, 0)
    assert (result.speaker_judged, result.speaker_right) == (2, 1)
    assert (result.direct_exact.gold, result.direct_exact.tp) == (1, 1)


def test_predictions_sharing_a_cue_are_one_attribution():
    merged = scoring._grouped(
        [("cue", Predicted(((0, 5),), ((9, 11),), True)),
         ("cue", Predicted(((20, 25),), ((9, 11),), True))]
    )
    assert [p.content for p in merged] == [((0, 5), (20, 25))]


@needs_polnear
@pytest.mark.data
def test_polnear_gold_fragments_slice_to_their_text():
    docs = list(scoring.load_polnear(limit=5))
    assert len(docs) == 5 and all(d.attributions for d in docs)
    for doc in docs:
        for a in doc.attributions:
            for start, end in a.content:
                assert 0 <= start < end <= len(doc.text)


@needs_polnear
@pytest.mark.data
def test_cli_eval_statements_json_has_both_systems():
    from tidings.cli import main

    result = CliRunner().invoke(main, ["eval", "statements", "--limit", "2", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["task"] == "statements" and report["docs"] == 2
    assert report["systems"]["tidings"]["content_overlap"]["tp"] > 0
    try:
        import textacy  # noqa: F401  (the [eval] extra; `make eval` installs it)
    except ImportError:
        # Without the baseline the run still scores Tidings and says how to add it.
        assert set(report["systems"]) == {"tidings"}
        assert any("textacy" in note for note in report.get("notes", [])), report
    else:
        assert set(report["systems"]) == {"textacy", "tidings"}


def test_cli_eval_statements_rejects_other_datasets():
    from tidings.cli import main

    result = CliRunner().invoke(main, ["eval", "statements", "--dataset", "re3d"])
    assert result.exit_code != 0
    assert "PolNeAR" in result.output


def test_table_without_textacy_has_a_note_not_a_column():
    result = scoring.StatementResult()
    note = "textacy is not installed (No module named 'textacy'), so it has no column"
    text = scoring.table(1, 0, {"tidings": result}, [note])
    assert "textacy" not in text.splitlines()[1]
    assert text.rstrip().endswith(note)


def test_statements_an_act_joined_to_the_reported_clause_is_not_content(nlp):
    text = ("Volodymyr Zelenskyy noted that Sweden is an important security partner, and "
            "thanked the Swedish government for the aid already provided.")
    (s,) = found(nlp, text)
    assert (s["speaker"], s["cue"], s["content"]) == (
        "Volodymyr Zelenskyy", "noted", "Sweden is an important security partner"
    )


def test_statements_reported_clauses_joined_by_and_stay_together(nlp):
    (s,) = found(nlp, "Nurtleu said that the border was open and that trade had doubled.")
    assert s["content"] == "the border was open and that trade had doubled"


def _speaker_of_said(text: str) -> str | None:
    """The speaker of the "said" statement, by the whole pipeline (with roles and
    coreference, which the light pipeline of the tests above leaves out)."""
    from tidings import extract

    doc = extract(text, clean=False, require_english=False, published="2024-03-14")
    names = {e.id: e.name for e in doc.entities}
    statement = next(s for s in doc.statements if s.cue.text == "said")
    return names.get(statement.speaker) if statement.speaker else None


def test_statements_the_president_of_a_readout_is_the_one_person_it_names():
    assert _speaker_of_said(
        "Volodymyr Zelenskyy visited a hospital in Kyiv on Monday. The President said "
        "that the wounded would receive the best care.") == "Volodymyr Zelenskyy"


def test_statements_the_president_stays_unknown_when_two_people_share_the_page():
    assert _speaker_of_said(
        "Emmanuel Macron met Olaf Scholz in Paris on Monday. The President said "
        "that the talks were useful.") is None
