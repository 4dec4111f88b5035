"""Scores of a clustering against gold clusters: B³, MUC, CEAF-e and their CoNLL mean.

A clustering is a mapping item → cluster label; items are anything hashable (document
ids, mention ids). Both sides should cover the same items; an item only one side has is
counted as a singleton on the other, so a system that drops items loses recall.

    >>> gold = {"a": 1, "b": 1, "c": 2}
    >>> b_cubed(gold, {"a": "x", "b": "y", "c": "y"}).f1
    0.666...

Definitions follow the usual coreference papers: B³ (Bagga & Baldwin 1998) averages
per-item precision and recall of the item's cluster; MUC (Vilain et al. 1995) counts the
links needed to join each cluster; CEAF-e (Luo 2005) aligns clusters one to one by
their φ4 similarity; CoNLL F1 is the mean of the three F1 scores.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from scipy.optimize import linear_sum_assignment

Clustering = Mapping[Hashable, Hashable]


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def clusters_of(assignment: Clustering) -> list[frozenset[Hashable]]:
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for item, label in assignment.items():
        groups[label].add(item)
    return [frozenset(g) for g in groups.values()]


def _aligned(gold: Clustering, system: Clustering) -> tuple[dict, dict]:
    """Both clusterings over the union of their items; a missing item is a singleton."""
    items = set(gold) | set(system)
    g = {i: gold[i] if i in gold else ("<missing>", i) for i in items}
    s = {i: system[i] if i in system else ("<missing>", i) for i in items}
    return g, s


def b_cubed(gold: Clustering, system: Clustering) -> PRF:
    g, s = _aligned(gold, system)
    if not g:
        return PRF(0.0, 0.0)
    g_members = {frozenset(c): c for c in clusters_of(g)}
    s_members = {frozenset(c): c for c in clusters_of(s)}
    g_of = {i: c for c in g_members for i in c}
    s_of = {i: c for c in s_members for i in c}
    precision = recall = 0.0
    for item in g:
        overlap = len(g_of[item] & s_of[item])
        precision += overlap / len(s_of[item])
        recall += overlap / len(g_of[item])
    return PRF(precision / len(g), recall / len(g))


def muc(gold: Clustering, system: Clustering) -> PRF:
    g, s = _aligned(gold, system)
    return PRF(_muc_side(clusters_of(s), g), _muc_side(clusters_of(g), s))


def _muc_side(keys: list[frozenset[Hashable]], other: Clustering) -> float:
    numerator = denominator = 0
    for cluster in keys:
        parts = {other[i] for i in cluster}
        numerator += len(cluster) - len(parts)
        denominator += len(cluster) - 1
    return numerator / denominator if denominator else 0.0


def ceaf_e(gold: Clustering, system: Clustering) -> PRF:
    g, s = _aligned(gold, system)
    g_clusters, s_clusters = clusters_of(g), clusters_of(s)
    if not g_clusters or not s_clusters:
        return PRF(0.0, 0.0)
    s_index = {i: n for n, c in enumerate(s_clusters) for i in c}
    # φ4(K, R) = 2|K ∩ R| / (|K| + |R|); only overlapping pairs are non-zero.
    cost = [[0.0] * len(s_clusters) for _ in g_clusters]
    for gi, cluster in enumerate(g_clusters):
        overlaps: dict[int, int] = defaultdict(int)
        for item in cluster:
            overlaps[s_index[item]] += 1
        for si, n in overlaps.items():
            cost[gi][si] = -2 * n / (len(cluster) + len(s_clusters[si]))
    rows, cols = linear_sum_assignment(cost)
    total = -sum(cost[r][c] for r, c in zip(rows, cols, strict=True))
    return PRF(total / len(s_clusters), total / len(g_clusters))


@dataclass(frozen=True, slots=True)
class CorefScores:
    b_cubed: PRF
    muc: PRF
    ceaf_e: PRF

    @property
    def conll_f1(self) -> float:
        return (self.b_cubed.f1 + self.muc.f1 + self.ceaf_e.f1) / 3


def coref_scores(gold: Clustering, system: Clustering) -> CorefScores:
    return CorefScores(b_cubed(gold, system), muc(gold, system), ceaf_e(gold, system))
