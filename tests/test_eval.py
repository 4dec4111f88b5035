"""Evaluation loaders, the NER scorer and `tidings eval`."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings import settings
from tidings.eval import datasets
from tidings.eval.datasets import GoldDoc, Span, join_tokens
from tidings.eval.ner import evaluate, score

DATA = Path(settings.get("data_dir"))
needs_data = pytest.mark.skipif(
    not (DATA / "meantime_en").is_dir() or not (DATA / "re3d").is_dir(),
    reason=f"evaluation data not found at {DATA}",
)


# --- loaders on the real data ----------------------------------------------------------


@needs_data
@pytest.mark.data
def test_meantime_gold_spans_slice_to_their_tokens():
    files = sorted((DATA / "meantime_en" / "intra_cross-doc_annotation").glob("*/*.xml"))[:5]
    for path in files:
        doc = datasets.read_meantime_file(path)
        root = ET.parse(path).getroot()
        words = {t.get("t_id"): t.text for t in root.iter("token")}
        # Every kept span equals some annotated mention's tokens as joined in the text.
        mention_texts = set()
        for m in root.iter("ENTITY_MENTION"):
            ids = [a.get("t_id") for a in m.findall("token_anchor")]
            if ids:
                mention_texts.add("".join(words[i] for i in ids))
        assert doc.spans
        for start, end, label in doc.spans:
            assert label in datasets.LABELS["meantime"]
            piece = doc.text[start:end]
            assert piece == piece.strip()
            assert piece.replace(" ", "").replace("\n", "") in mention_texts


@needs_data
@pytest.mark.data
def test_meantime_text_keeps_every_token_in_order():
    path = sorted((DATA / "meantime_en" / "intra_cross-doc_annotation").glob("*/*.xml"))[0]
    doc = datasets.read_meantime_file(path)
    tokens = [t.text for t in ET.parse(path).getroot().iter("token")]
    assert doc.text.replace("\n", " ").replace(" ", "") == "".join(tokens)
    assert "\n" in doc.text  # sentences are on their own lines


@needs_data
@pytest.mark.data
def test_meantime_drops_pronouns_and_nominals():
    docs = list(datasets.load("meantime", limit=10))
    names = {d.text[s.start:s.end].lower() for d in docs for s in d.spans}
    assert not names & {"he", "she", "it", "its", "the company", "they"}
    assert all(d.judged for d in docs)


@needs_data
@pytest.mark.data
def test_re3d_gold_spans_slice_to_their_recorded_text():
    recorded: dict[tuple[str, int, int], str] = {}
    for source in sorted((DATA / "re3d").glob("*/entities.json")):
        for line in source.read_text(encoding="utf-8-sig").splitlines():
            if line.strip():
                e = json.loads(line)
                recorded[(e["documentId"], e["begin"], e["end"])] = e["value"]
    docs = list(datasets.load("re3d", limit=15))
    assert len(docs) == 15
    for doc in docs:
        doc_id = doc.id.rsplit(":", 1)[1]
        assert doc.judged is None
        for start, end, label in doc.spans:
            assert label in datasets.LABELS["re3d"]
            assert doc.text[start:end] == recorded[(doc_id, start, end)]


@needs_data
@pytest.mark.data
def test_re3d_has_every_common_label():
    labels = {s.label for d in datasets.load("re3d") for s in d.spans}
    assert labels == {"PER", "ORG", "LOC", "NORP"}


def test_missing_data_dir_raises_data_not_found(tmp_path):
    from tidings.errors import DataNotFoundError

    with pytest.raises(DataNotFoundError, match="TIDINGS_DATA_DIR"):
        list(datasets.load("re3d", tmp_path / "nope"))


def test_join_tokens_offsets_slice_to_tokens():
    tokens = [("1", 0, "Title"), ("2", 1, "Boeing"), ("3", 1, "("), ("4", 1, "US"),
              ("5", 1, ")"), ("6", 1, "said"), ("7", 1, ",")]
    text, offsets = join_tokens(tokens)
    assert text == "Title\nBoeing (US) said,"
    for t_id, _, token in tokens:
        start, end = offsets[t_id]
        assert text[start:end] == token


# --- scorer ----------------------------------------------------------------------------

TEXT = "Ali met Bob in Paris and Rome."
GOLD = GoldDoc("d1", TEXT, (Span(0, 3, "PER"), Span(8, 11, "PER"), Span(15, 20, "LOC"),
                            Span(25, 29, "LOC")))


def test_scorer_counts_exact_matches_by_hand():
    # PER: Ali right, Bob wrong extent (8-12) -> tp 1, fp 1, fn 1.
    # LOC: Paris as GPE right, Rome missed, "met" as FAC wrong -> tp 1, fp 1, fn 1.
    # DATE is ignored; ORG is not in the label set.
    pred = [(0, 3, "PERSON"), (8, 12, "PERSON"), (15, 20, "GPE"), (4, 7, "FAC"),
            (25, 29, "DATE"), (0, 3, "ORG")]
    result = evaluate([GOLD], lambda text: pred, labels=("PER", "LOC"))
    per, loc = result.per_label["PER"], result.per_label["LOC"]
    assert (per.gold, per.tp, per.fp, per.fn) == (2, 1, 1, 1)
    assert (loc.gold, loc.tp, loc.fp, loc.fn) == (2, 1, 1, 1)
    assert per.precision == pytest.approx(0.5) and per.recall == pytest.approx(0.5)
    micro = result.micro
    assert (micro.tp, micro.fp, micro.fn) == (2, 2, 2)
    assert micro.f1 == pytest.approx(0.5)


def test_scorer_wrong_label_is_both_false_positive_and_miss():
    result = score([GOLD], [[(0, 3, "ORG"), (15, 20, "LOC"), (25, 29, "FAC"), (8, 11, "PERSON")]],
                   labels=("PER", "ORG", "LOC"))
    # tp: Paris, Rome, Bob = 3; fp: Ali as ORG = 1; fn: Ali as PER = 1.
    micro = result.micro
    assert (micro.tp, micro.fp, micro.fn) == (3, 1, 1)
    assert micro.precision == pytest.approx(3 / 4)
    assert micro.recall == pytest.approx(3 / 4)
    assert result.per_label["ORG"].precision == 0.0


def test_scorer_ignores_duplicates_and_empty_cases():
    result = score([GOLD], [[(0, 3, "PERSON"), (0, 3, "PERSON")]], labels=("PER",))
    per = result.per_label["PER"]
    assert (per.tp, per.fp, per.fn) == (1, 0, 1)
    assert per.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    empty = score([GoldDoc("d", "x", ())], [[]], labels=("PER",))
    assert empty.micro.f1 == 0.0 and empty.micro.precision == 0.0


def test_scorer_leaves_unannotated_regions_unjudged():
    doc = GoldDoc("d", TEXT, (Span(0, 3, "PER"),), judged=((0, 3), (8, 11)))
    # Bob overlaps an annotated (non-name) mention: judged, a false positive.
    # Paris overlaps nothing annotated: ignored.
    result = score([doc], [[(0, 3, "PERSON"), (8, 11, "PERSON"), (15, 20, "GPE")]],
                   labels=("PER", "LOC"))
    assert (result.micro.tp, result.micro.fp, result.micro.fn) == (1, 1, 0)


# --- CLI -------------------------------------------------------------------------------


@needs_data
@pytest.mark.data
def test_cli_eval_limit_prints_both_systems():
    from tidings.cli import main

    result = CliRunner().invoke(main, ["eval", "--limit", "2"])
    assert result.exit_code == 0, result.output
    for text in ("meantime", "re3d", "spaCy", "Tidings", "micro F1", "difference"):
        assert text in result.output


@needs_data
@pytest.mark.data
def test_cli_eval_json_has_both_systems():
    from tidings.cli import main

    result = CliRunner().invoke(main, ["eval", "ner", "--dataset", "re3d", "--limit", "2",
                                       "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{"):])
    re3d = report["datasets"]["re3d"]
    assert re3d["docs"] == 2
    assert set(re3d["systems"]) == {"spacy", "tidings"}
    assert set(re3d["systems"]["spacy"]["per_label"]) == {"PER", "ORG", "LOC", "NORP"}


def test_cli_eval_missing_data_dir_is_one_line_error(tmp_path):
    from tidings.cli import main

    result = CliRunner().invoke(main, ["eval", "--data-dir", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "TIDINGS_DATA_DIR" in result.output
    assert "Traceback" not in result.output


def test_cli_eval_unknown_task_lists_valid_ones():
    from tidings.cli import main

    result = CliRunner().invoke(main, ["eval", "weather"])
    assert result.exit_code == 1
    assert "unknown evaluation task 'weather'" in result.output and "ner" in result.output


def test_tidings_system_scores_every_mention_with_its_entity_type():
    from tidings.eval.ner import TidingsSystem
    from tidings.model import Document, Entity, Rejected, TextSpan

    class FakeExtractor:
        def run(self, raws):
            for raw in raws:
                if not raw.text:
                    yield raw, Rejected(raw.source, "clean", "empty", "empty")
                    continue
                ali = Entity("e1", "PERSON", "Ali", mentions=(TextSpan(0, 3, "Ali"),))
                paris = Entity("e2", "GPE", "Paris", mentions=(TextSpan(15, 20, "Paris"),
                                                               TextSpan(25, 29, "Rome")))
                yield raw, Document("id", None, None, None, None, "en", raw.text,
                                    entities=(ali, paris))

    system = object.__new__(TidingsSystem)
    system.extractor, system._fallback, system.rejected = FakeExtractor(), None, 0
    assert list(system.predict_many([TEXT, ""])) == [
        [(0, 3, "PERSON"), (15, 20, "GPE"), (25, 29, "GPE")], []]
    assert system.rejected == 1
