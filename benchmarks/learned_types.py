"""Does a learned sentence classifier type events better than the trigger lexicon?

    $ .venv/bin/python benchmarks/learned_types.py [--folds 5] [--epochs 20]

The measurement issue 8 asks for before shipping a learned component. Unit: a sentence of
the real-news dev split that holds exactly one gold event (its type is the label). Three
systems type each such sentence, in the same run:

- ``keyword``: the keyword baseline's event in the sentence (``tidings.eval.event_baseline``);
- ``tidings``: the type of the first event Tidings finds in the sentence;
- ``textcat``: spaCy's bag-of-words text classifier (exclusive classes), trained on the
  PLOVER gold records (322 sentences) plus the dev sentences of the other folds, text by
  text (``--folds`` folds over dev texts, so no text is both trained and scored on).

A sentence with no event predicted counts as wrong for that system. Only dev is used: the
test split is never read here.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import spacy  # noqa: E402
from spacy.training import Example  # noqa: E402

from tidings.eval.event_baseline import keyword_events  # noqa: E402
from tidings.eval.event_gold import load_gold  # noqa: E402
from tidings.eval.events import load_gsr  # noqa: E402
from tidings.eval.events_real import TYPES  # noqa: E402

_SENT = re.compile(r"[^.!?\n]+[.!?]?")


def _sentences(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _SENT.finditer(text) if m.group().strip()]


def dev_units() -> list[tuple[str, str, str, int, int]]:
    """(text id, sentence, gold type, start, end) for sentences with one gold event."""
    units = []
    for gold in load_gold("dev"):
        text = gold.text.text
        for start, end in _sentences(text):
            inside = [e for e in gold.events if start <= e.trigger.start < end]
            if len(inside) == 1:
                units.append((gold.id, text[start:end].strip(), inside[0].type, start, end))
    return units


def train_textcat(examples: list[tuple[str, str]], epochs: int, seed: int):
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
        "no_output_layer": False}})
    for label in TYPES:
        textcat.add_label(label)
    data = [Example.from_dict(nlp.make_doc(text), {"cats": {t: float(t == label)
                                                              for t in TYPES}})
            for text, label in examples]
    optimizer = nlp.initialize(lambda: data)
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(data)
        for batch in spacy.util.minibatch(data, size=16):
            nlp.update(batch, sgd=optimizer)
    return nlp


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=20)
    args = parser.parse_args()

    units = dev_units()
    gsr = [(r.text, r.type) for r in load_gsr(None)]
    text_ids = sorted({u[0] for u in units})
    random.Random(7).shuffle(text_ids)
    fold_of = {t: n % args.folds for n, t in enumerate(text_ids)}

    from tidings.extraction import Extractor
    from tidings.model import RawArticle

    golds = {g.id: g for g in load_gold("dev")}
    extractor = Extractor(clean=False, require_english=False)
    raws = [RawArticle(source=g.id, text=g.text.text, title=g.text.title,
                       published=g.text.published) for g in golds.values()]
    predicted = {raw.source: doc for raw, doc in extractor.run(raws)}

    right: Counter[str] = Counter()
    for fold in range(args.folds):
        train = gsr + [(u[1], u[2]) for u in units if fold_of[u[0]] != fold]
        model = train_textcat(train, args.epochs, seed=fold)
        for text_id, sentence, label, start, end in units:
            if fold_of[text_id] != fold:
                continue
            cats = model(sentence).cats
            right["textcat"] += max(cats, key=cats.get) == label
            found = keyword_events(sentence)
            right["keyword"] += bool(found) and found[0].type == label
            events = sorted((e for e in getattr(predicted[text_id], "events", ())
                             if start <= e.trigger.start < end), key=lambda e: e.trigger.start)
            right["tidings"] += bool(events) and events[0].type == label
    total = len(units)
    print(f"dev sentences with one gold event: {total} (from {len(text_ids)} texts); "
          f"textcat trained on {len(gsr)} PLOVER gold records + the other dev folds")
    for name in ("keyword", "tidings", "textcat"):
        print(f"  {name:8} type accuracy {right[name] / total:.3f} ({right[name]}/{total})")


if __name__ == "__main__":
    main()
