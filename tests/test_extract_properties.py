"""Invariants of ``extract`` on arbitrary input: it never raises, and every offset it
emits slices the text to exactly the recorded characters."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings import Document, Rejected, extract

WORDS = [
    "President", "Shavkat", "Mirziyoyev", "Mirziyoev", "met", "Kazakh", "Foreign",
    "Minister", "Murat", "Nurtleu", "in", "Astana", "on", "Monday", "March", "3,", "2019",
    "the", "Council", "of", "Ministers", "Collective", "Security", "Treaty", "Organization",
    "(CSTO)", "said", "that", "Major", "General", "Tashiev", "A+", "A-", "14px", "Share",
    "Read", "more", "31st", "session", "yesterday", "last", "year", "Uzbek", "Bishkek",
    "\u00e9", "\u0431", "'s", '"', ".", ",", "\n", "\n\n", "Tbilisi", "Georgia's",
]

article_text = st.lists(st.sampled_from(WORDS), min_size=0, max_size=80).map(" ".join)
mixed_text = st.one_of(article_text, st.text(max_size=300), st.text(alphabet="A+-\n <>&;", max_size=50))


def check_offsets(doc: Document) -> None:
    """Every offset the Document carries lies in ``text`` and slices its recorded text."""
    text = doc.text
    for entity in doc.entities:
        assert entity.mentions, entity
        for m in entity.mentions:
            assert 0 <= m.start < m.end <= len(text)
            assert text[m.start : m.end] == m.text
        for role in entity.roles:
            assert 0 <= role.evidence.start <= role.evidence.end <= len(text)
    for d in doc.dates:
        assert text[d.start : d.end] == d.text
    for s in doc.statements:
        for span in (s.cue, s.content):
            assert 0 <= span.start <= span.end <= len(text)
            assert text[span.start : span.end] == span.text
    for e in doc.events:
        assert 0 <= e.trigger.start < e.trigger.end <= len(text)
        assert text[e.trigger.start : e.trigger.end] == e.trigger.text
        assert 0 <= e.evidence.start <= e.evidence.end <= len(text)
    for seg in doc.offset_map:
        assert seg.text_start + seg.length <= len(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mixed_text, published=st.one_of(st.none(), st.just("2024-03-14")))
def test_extract_never_raises_and_offsets_slice_text(text: str, published: str | None) -> None:
    result = extract(text, published=published, require_english=False)
    assert isinstance(result, (Document, Rejected))
    if isinstance(result, Rejected):
        assert result.reason and "\n" not in result.reason
    else:
        check_offsets(result)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mixed_text)
def test_extract_with_language_check_never_raises(text: str) -> None:
    result = extract(text)
    assert isinstance(result, (Document, Rejected))
    if isinstance(result, Document):
        check_offsets(result)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=article_text)
def test_unclean_extract_offsets_point_into_the_given_text(text: str) -> None:
    result = extract(text, clean=False, require_english=False)
    if isinstance(result, Document):
        assert result.text == text
        check_offsets(result)
