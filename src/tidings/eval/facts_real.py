"""Scoring entities, posts and statements on the project's gold on real news.

    >>> report, table = evaluate(data_dir=None, split="dev")

The gold is ``tidings.eval.facts_gold`` (guidelines in ``gold/FACTS.md``). Tidings and a
simple baseline run on the same texts in the same run, each text with its title and
publication date.

**Entities, name + type.** Per text, each gold entity (PER, ORG or LOC; spaCy's GPE and
FAC count as LOC, NORP is not scored) is paired with at most one predicted entity of the
same type whose canonical name is the gold name or one of its aliases (compared without
case, accents, a leading "the" or a possessive), or names the same country in the
project's country table ("United States" for a text that only says "U.S."). Precision
is over every predicted entity of the three types. The baseline is the raw spaCy model:
its entities grouped by their exact text. *Mentions* are also scored alone: exact span +
type over every mention.

**Posts.** A gold post (person, title, country) is found when a predicted role sits on an
entity holding a mention of the gold person, its title (or rank) says the same post
(words compared without case, "of", "the", "affairs" and the words of the text's places,
which a role keeps as its country: "Mayor of London"; "defense" = "defence"), and, when
the gold gives a country, the role's country is that country. Precision is over every
predicted role on a PERSON entity. *Person + title only* leaves the country out, to
show how many misses are a missing or different country. The baseline reads a
capitalised title that ends in a head noun of a fixed list right before a spaCy PERSON.

**Statements.** Content is scored as on PolNeAR (``tidings.eval.statements``: normalised
characters, overlap ≥ 0.5 of both), except that each statement a system emits counts on
its own: the gold, unlike PolNeAR, keeps the two halves of an interrupted quotation as
two statements. The *speaker* of a matched statement is right when
the gold speaker is a named entity and the predicted speaker entity holds one of that
entity's name mentions (a system that names no entity: its speaker words are one of
them, so an unresolved "he" is wrong), or when the gold speaker is a description and the
predicted speaker's words overlap it; statements whose gold has no speaker are not
judged. The baseline is textacy's direct quotations.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings import countries
from tidings.eval.facts_gold import FactsEntity, FactsPost, FactsStatement, FactsText, load_facts
from tidings.eval.ner import Counts
from tidings.eval.statements import (
    Fragments,
    Predicted,
    TextacySystem,
    TidingsSystem,
    _match,
    _opens_with_quote,
    char_set,
)

__all__ = ["FactsResult", "PredEntity", "PredPost", "evaluate", "score_text"]

_TYPE = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
         "PER": "PER"}
_TITLE_STOP = frozenset({"of", "the", "affairs", "for", "and", "a", "an"})
_BASELINE_HEADS = frozenset({
    "president", "minister", "secretary", "chairman", "chairwoman", "ambassador",
    "governor", "mayor", "spokesman", "spokeswoman", "spokesperson", "director", "chief",
    "commander", "general", "king", "queen", "senator", "leader", "premier", "speaker",
    "envoy", "prosecutor", "head", "emir", "prince", "chancellor", "colonel"})


@dataclass(frozen=True, slots=True)
class PredEntity:
    type: str
    name: str
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class PredPost:
    spans: tuple[tuple[int, int], ...]   # the mentions of the person holding it
    titles: tuple[str, ...]              # title and rank
    country: str | None


@dataclass(slots=True)
class FactsResult:
    texts: int = 0
    entities: Counts = field(default_factory=Counts)
    entity_types: dict[str, Counts] = field(default_factory=dict)
    mentions: Counts = field(default_factory=Counts)
    posts: Counts = field(default_factory=Counts)
    post_titles: Counts = field(default_factory=Counts)
    statements: Counts = field(default_factory=Counts)
    direct: Counts = field(default_factory=Counts)
    speaker_judged: int = 0
    speaker_right: int = 0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_judged if self.speaker_judged else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "texts": self.texts,
            "entities": self.entities.to_dict(),
            "entity_types": {t: c.to_dict() for t, c in sorted(self.entity_types.items())},
            "mentions": self.mentions.to_dict(),
            "posts": self.posts.to_dict(),
            "post_titles": self.post_titles.to_dict(),
            "statements": self.statements.to_dict(),
            "direct": self.direct.to_dict(),
            "speaker": {"judged": self.speaker_judged, "right": self.speaker_right,
                        "accuracy": round(self.speaker_accuracy, 4)},
        }


@dataclass(frozen=True, slots=True)
class Predictions:
    entities: tuple[PredEntity, ...]
    posts: tuple[PredPost, ...]
    statements: tuple[Predicted, ...]


# --- names and titles compared -----------------------------------------------------------

def fold_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("\u2019", "'").replace("\u2010", "-").replace("\u2011", "-")
    text = re.sub(r"'s?$", "", text.strip())
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\s+", " ", text).strip(" .,")


def same_name(entity: FactsEntity, name: str) -> bool:
    """The predicted canonical name is the gold name or one of its forms, or both name
    one country ("United States" for a text that says "U.S.")."""
    forms = {fold_name(entity.name), *(fold_name(a) for a in entity.aliases)}
    if fold_name(name) in forms:
        return True
    country = countries.country_by_name(name)
    return country is not None and any(
        countries.country_by_name(form) == country for form in (entity.name, *entity.aliases))


def title_words(title: str) -> frozenset[str]:
    words = re.findall(r"[a-z]+", fold_name(title).replace("defense", "defence"))
    return frozenset(w for w in words if w not in _TITLE_STOP)


def _touches(a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]) -> bool:
    others = list(b)
    return any(start < other_end and other_start < end
               for start, end in a for other_start, other_end in others)


# --- scoring one text ---------------------------------------------------------------------

def _count(counts: Counts, n_gold: int, n_pred: int, n_match: int) -> None:
    counts.gold += n_gold
    counts.tp += n_match
    counts.fp += n_pred - n_match
    counts.fn += n_gold - n_match


def score_text(gold: FactsText, pred: Predictions, result: FactsResult) -> None:
    result.texts += 1
    # entities, name + type
    used: set[int] = set()
    for entity in gold.entities:
        for pi, p in enumerate(pred.entities):
            if pi not in used and p.type == entity.type and same_name(entity, p.name):
                used.add(pi)
                break
    _count(result.entities, len(gold.entities), len(pred.entities), len(used))
    for kind in ("PER", "ORG", "LOC"):
        counts = result.entity_types.setdefault(kind, Counts())
        n_gold = sum(1 for e in gold.entities if e.type == kind)
        n_pred = sum(1 for p in pred.entities if p.type == kind)
        n_match = sum(1 for pi in used if pred.entities[pi].type == kind)
        _count(counts, n_gold, n_pred, n_match)
    gold_mentions = {(m.start, m.end, e.type) for e in gold.entities for m in e.mentions}
    pred_mentions = {(s, e, p.type) for p in pred.entities for s, e in p.spans}
    _count(result.mentions, len(gold_mentions), len(pred_mentions),
           len(gold_mentions & pred_mentions))
    # posts
    mentions_of = _mentions_of(gold)
    places = _place_words(gold)
    for counts, with_country in ((result.posts, True), (result.post_titles, False)):
        used_posts: set[int] = set()
        for post in gold.posts:
            for pi, p in enumerate(pred.posts):
                if pi not in used_posts and _says_post(p, post, mentions_of, places,
                                                       with_country):
                    used_posts.add(pi)
                    break
        _count(counts, len(gold.posts), len(pred.posts), len(used_posts))
    # statements
    text = gold.text.text
    gold_sets = [char_set(text, ((s.content.start, s.content.end),)) for s in gold.statements]
    pred_sets = [char_set(text, p.content) for p in pred.statements]
    matches = _match(gold_sets, pred_sets, exact=False)
    _count(result.statements, len(gold_sets), len(pred_sets), len(matches))
    direct_gold = [g for g, s in zip(gold_sets, gold.statements, strict=True)
                   if s.direct or _opens_with_quote(text, ((s.content.start, s.content.end),))]
    direct_pred = [p for p, s in zip(pred_sets, pred.statements, strict=True) if s.direct]
    _count(result.direct, len(direct_gold), len(direct_pred),
           len(_match(direct_gold, direct_pred, exact=False)))
    for gi, pi in matches:
        statement, p = gold.statements[gi], pred.statements[pi]
        if statement.speaker is None:
            continue
        result.speaker_judged += 1
        result.speaker_right += _speaker_right(statement, p, mentions_of)


def _mentions_of(gold: FactsText) -> dict[str, list[tuple[int, int]]]:
    return {e.name: [(m.start, m.end) for m in e.mentions] for e in gold.entities}


def _place_words(gold: FactsText) -> frozenset[str]:
    """Words of the text's places, which a role keeps as its country ("Mayor of London")."""
    return frozenset(w for e in gold.entities if e.type == "LOC" for w in title_words(e.name))


def _says_post(p: PredPost, post: FactsPost, mentions_of: dict[str, list[tuple[int, int]]],
               places: frozenset[str], with_country: bool) -> bool:
    """Whether a predicted role is the gold post: on that person, the same title words,
    and (``with_country``) the gold's country where it gives one."""
    if not _touches(p.spans, mentions_of.get(post.person, ())):
        return False
    wanted = title_words(post.title) - places
    if not any(title_words(t) - places == wanted for t in p.titles):
        return False
    return not (with_country and post.country and p.country != post.country)


def _speaker_right(statement: FactsStatement, p: Predicted,
                   mentions_of: dict[str, list[tuple[int, int]]]) -> bool:
    if statement.speaker_name:
        names = mentions_of.get(statement.speaker_name, ())
        return _touches(p.entity_mentions if p.resolved else p.speaker, names)
    assert statement.speaker is not None
    words: Fragments = ((statement.speaker.start, statement.speaker.end),)
    return _touches(p.speaker, words) or _touches(p.entity_mentions, words)


# --- the systems ----------------------------------------------------------------------------

def tidings_predictions(golds: Sequence[FactsText]) -> list[Predictions]:
    from tidings.extraction import Extractor
    from tidings.model import Document, RawArticle

    extractor = Extractor(clean=False, require_english=False)
    raws = [RawArticle(source=g.id, text=g.text.text, title=g.text.title,
                       published=g.text.published) for g in golds]
    documents = {raw.source: doc for raw, doc in extractor.run(raws)}
    system = TidingsSystem()
    system.grouped = False  # the gold keeps each half of an interrupted quotation
    statements = [p for p, _ in system.predict_many([g.text.text for g in golds])]
    found = []
    for gold, said in zip(golds, statements, strict=True):
        doc = documents.get(gold.id)
        if not isinstance(doc, Document):
            found.append(Predictions((), (), tuple(said)))
            continue
        entities, posts = [], []
        for e in doc.entities:
            kind = _TYPE.get(e.type)
            if kind is None:
                continue
            spans = tuple((m.start, m.end) for m in e.mentions)
            entities.append(PredEntity(kind, e.name, spans))
            if kind == "PER":
                posts += [PredPost(spans, tuple(t for t in (r.title, r.rank) if t), r.country)
                          for r in e.roles]
        found.append(Predictions(tuple(entities), tuple(posts), tuple(said)))
    return found


def baseline_predictions(golds: Sequence[FactsText]) -> list[Predictions]:
    from tidings.nlp.pipeline import load_base

    nlp = load_base(None)
    textacy = TextacySystem()
    textacy.grouped = False
    quotes = list(textacy.predict_many([g.text.text for g in golds]))
    found = []
    for doc, (said, _) in zip(nlp.pipe([g.text.text for g in golds]), quotes, strict=True):
        grouped: dict[tuple[str, str], list[tuple[int, int]]] = {}
        posts = []
        for ent in doc.ents:
            kind = _TYPE.get(ent.label_)
            if kind is None:
                continue
            grouped.setdefault((kind, ent.text), []).append((ent.start_char, ent.end_char))
            if kind == "PER":
                words = []
                i = ent.start - 1
                while i >= 0 and doc[i].text[:1].isupper() and not doc[i].ent_type_:
                    words.insert(0, doc[i].text)
                    i -= 1
                if words and words[-1].lower() in _BASELINE_HEADS:
                    posts.append(PredPost(((ent.start_char, ent.end_char),),
                                          (" ".join(words),), None))
        entities = tuple(PredEntity(k, name, tuple(spans)) for (k, name), spans in grouped.items())
        found.append(Predictions(entities, tuple(posts), tuple(said)))
    return found


# --- the report -----------------------------------------------------------------------------

def evaluate(data_dir: str | Path | None = None, split: str = "dev",
             limit: int | None = None, show_errors: bool = False) -> tuple[dict[str, Any], str]:
    golds = load_facts(split, data_dir=data_dir)[:limit]
    systems = {"baseline": baseline_predictions(golds), "tidings": tidings_predictions(golds)}
    if show_errors:
        if split != "dev":
            raise ValueError("errors are listed for the dev split only")
        listing = []
        for gold, pred in zip(golds, systems["tidings"], strict=True):
            listing += [f"{gold.id}: {line}" for line in error_lines(gold, pred)]
        return {"errors": listing}, "\n".join(listing) + "\n"
    results = {}
    for name, predictions in systems.items():
        result = FactsResult()
        for gold, pred in zip(golds, predictions, strict=True):
            score_text(gold, pred, result)
        results[name] = result
    report = {"task": "facts", "dataset": f"real news gold, {split} split",
              "systems": {n: r.to_dict() for n, r in results.items()}}
    return report, table(split, golds, results)


def table(split: str, golds: Sequence[FactsText], results: dict[str, FactsResult]) -> str:
    base, ours = results["baseline"], results["tidings"]
    lines = [
        f"real-news facts gold, {split} split: {len(golds)} texts",
        f"{'':22}{'':>6}  {'baseline':^20}  {'Tidings':^20}",
        f"{'':22}{'gold':>6}  {'P':>6}{'R':>7}{'F1':>7}  {'P':>6}{'R':>7}{'F1':>7}",
    ]
    rows = [("entities, name+type", base.entities, ours.entities)]
    rows += [(f"  {kind}", base.entity_types[kind], ours.entity_types[kind])
             for kind in ("PER", "ORG", "LOC")]
    rows += [("mentions, span+type", base.mentions, ours.mentions),
             ("posts", base.posts, ours.posts),
             ("  person+title only", base.post_titles, ours.post_titles),
             ("statements, content", base.statements, ours.statements),
             ("  direct quotes", base.direct, ours.direct)]
    for label, a, b in rows:
        lines.append(f"{label:22}{a.gold:>6}  {a.precision:6.3f}{a.recall:7.3f}{a.f1:7.3f}"
                     f"  {b.precision:6.3f}{b.recall:7.3f}{b.f1:7.3f}")
    lines.append(f"speaker right on matched statements: baseline {base.speaker_accuracy:.3f} "
                 f"({base.speaker_right}/{base.speaker_judged}), Tidings "
                 f"{ours.speaker_accuracy:.3f} ({ours.speaker_right}/{ours.speaker_judged})")
    articles = [g for g in golds if g.kind == "article"]
    lines.append(f"published: not scored here: the {len(articles)} full articles carry no date "
                 "in their text (page dates are checked by tests/golden/page_facts_*.json)")
    return "\n".join(lines) + "\n"


def error_lines(gold: FactsText, pred: Predictions) -> list[str]:
    """What Tidings missed and invented on one dev text, one line each."""
    lines = []
    text = gold.text.text
    found = set()
    for entity in gold.entities:
        hits = [p for p in pred.entities if p.type == entity.type and same_name(entity, p.name)]
        if hits:
            found.add(hits[0])
            continue
        near = [f"{p.type} {p.name!r}" for p in pred.entities
                if _touches(p.spans, [(m.start, m.end) for m in entity.mentions])]
        lines.append(f"entity missed: {entity.type} {entity.name!r}; overlapping: {near}")
    for p in pred.entities:
        if p not in found:
            lines.append(f"entity invented: {p.type} {p.name!r}")
    mentions_of = _mentions_of(gold)
    places = _place_words(gold)
    for post in gold.posts:
        if not any(_says_post(p, post, mentions_of, places, True) for p in pred.posts):
            held = [(p.titles, p.country) for p in pred.posts
                    if _touches(p.spans, mentions_of.get(post.person, ()))]
            lines.append(f"post missed: {post.person!r} {post.title!r} {post.country}; "
                         f"predicted on that person: {held}")
    gold_sets = [char_set(text, ((s.content.start, s.content.end),)) for s in gold.statements]
    pred_sets = [char_set(text, p.content) for p in pred.statements]
    matches = dict(_match(gold_sets, pred_sets, exact=False))
    for gi, statement in enumerate(gold.statements):
        if gi not in matches:
            lines.append(f"statement missed: {statement.content.text[:90]!r} "
                         f"(cue {statement.cue.text if statement.cue else None!r})")
    for gi, pi in matches.items():
        statement, p = gold.statements[gi], pred.statements[pi]
        if statement.speaker is None:
            continue
        if not _speaker_right(statement, p, mentions_of):
            said = [text[s:e] for s, e in p.speaker] or None
            lines.append(f"speaker wrong: {statement.content.text[:60]!r}: gold "
                         f"{statement.speaker.text!r} ({statement.speaker_name}), predicted "
                         f"words {said}, resolved {p.resolved}, entity mentions "
                         f"{sorted({text[s:e] for s, e in p.entity_mentions})[:4]}")
    matched = set(matches.values())
    for pi, p in enumerate(pred.statements):
        if pi not in matched:
            s, e = p.content[0]
            lines.append(f"statement invented: {text[s:e][:90]!r}")
    return lines
