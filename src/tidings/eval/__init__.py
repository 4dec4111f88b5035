"""Scorers for Tidings against annotated data (``tidings eval``).

    >>> from tidings.eval import load, evaluate
    >>> result = evaluate(list(load("re3d", limit=5)), my_predict, labels=("PER",))
"""

from tidings.eval.datasets import FOLDERS, LABELS, GoldDoc, Span, data_dir, load
from tidings.eval.ner import Counts, NerResult, evaluate, score

__all__ = [
    "FOLDERS",
    "LABELS",
    "Counts",
    "GoldDoc",
    "NerResult",
    "Span",
    "data_dir",
    "evaluate",
    "load",
    "score",
]
