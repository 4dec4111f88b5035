"""Roles: rank, title, organisation and country of the people an article names.

The pipeline here runs up to ``tidings_coref`` only, so these tests do not depend on the
later stages. Expected values were written from the sentences, not from output.
"""

from __future__ import annotations

import pytest

from tidings.nlp.lexicons import BODY_NOUNS, TITLE_WORDS
from tidings.nlp.titles import HONORIFICS, RANKS, TITLES, match_post, title_words


@pytest.fixture(scope="module")
def nlp():
    from tidings.nlp import coref, dates, entity_fixes, entity_groups, roles  # noqa: F401
    from tidings.nlp.pipeline import COMPONENTS, load_base

    pipeline = load_base()
    for name in COMPONENTS[: COMPONENTS.index("tidings_coref") + 1]:
        pipeline.add_pipe(name)
    return pipeline


def roles_of(nlp, text: str) -> dict[str, list[dict]]:
    """Person name → its roles, with the organisation's name and the evidence text."""
    doc = nlp(text)
    groups = doc._.entity_groups
    out: dict[str, list[dict]] = {}
    for r in doc._.roles:
        assert 0 <= r.start < r.end <= len(doc.text)
        out.setdefault(groups[r.entity].name, []).append(
            {
                "rank": r.rank,
                "title": r.title,
                "organization": groups[r.organization].name if r.organization is not None else None,
                "country": r.country,
                "evidence": doc.text[r.start : r.end],
            }
        )
    return out


def only(found: dict[str, list[dict]], name: str) -> dict:
    assert name in found, f"no role for {name}: {found}"
    assert len(found[name]) == 1, found[name]
    return found[name][0]


# --- lexicon ---------------------------------------------------------------------------


def test_lexicon_has_separate_ranks_titles_and_honorifics() -> None:
    for rank in ("Major General", "Colonel General", "Lieutenant Colonel", "Police Colonel",
                 "Rear Admiral"):
        assert rank in RANKS
    for title in ("Foreign Minister", "Chairman", "Director", "Secretary General",
                  "Prime Minister", "Ambassador", "Spokesperson", "President"):
        assert title in TITLES
    for honorific in ("Mr", "Mrs", "Dr", "Sheikh"):
        assert honorific in HONORIFICS
    assert not set(RANKS) & set(HONORIFICS)


def test_title_words_for_the_name_stage_come_from_the_lexicon() -> None:
    assert TITLE_WORDS == title_words()
    for word in ("mr", "major", "general", "colonel", "minister", "foreign", "deputy", "sheikh",
                 "chairman", "spokesman", "president", "lt.", "gen."):
        assert word in TITLE_WORDS
    # Words that also open organisation names are not title words.
    for word in ("energy", "government", "his", "of", "air"):
        assert word not in TITLE_WORDS


@pytest.mark.parametrize(
    ("words", "kind", "text"),
    [
        ("Major General Kamchybek Tashiev", "rank", "Major General"),
        ("Lt. Gen. Ivanov", "rank", "Lieutenant General"),
        ("First Deputy Prime Minister Said", "title", "First Deputy Prime Minister"),
        ("the minister of foreign affairs of Kazakhstan", "title", "Minister of Foreign Affairs"),
        ("Minister of Labour and Social Protection Ivanov", "title",
         "Minister of Labour and Social Protection"),
        ("Secretary - General Guterres", "title", "Secretary-General"),
        ("Foreign Ministers A and B", "title", "Foreign Minister"),
        ("Chairwoman Ivanova", "title", "Chairwoman"),
        ("Mrs Ivanova", "honorific", "Mrs"),
    ],
)
def test_match_post_reads_the_longest_post(words: str, kind: str, text: str) -> None:
    tokens = words.split()
    start = 1 if tokens[0] == "the" else 0
    found = match_post(tokens, start, BODY_NOUNS)
    assert found is not None and (found.kind, found.text) == (kind, text)


def test_match_post_leaves_the_name_of_a_body_to_the_caller() -> None:
    found = match_post("Director of the Border Service of Tajikistan".split(), 0, BODY_NOUNS)
    assert found is not None and found.text == "Director" and found.end == 1


def test_match_post_marks_plural_and_gender() -> None:
    assert match_post(["Foreign", "Ministers"], 0).plural
    assert match_post(["Chairwoman"], 0).gender == "f"
    assert match_post(["Mr"], 0).gender == "m"


def test_ranks_and_honorifics_must_be_capitalised() -> None:
    assert match_post("a major step".split(), 1) is None
    assert match_post("the general public".split(), 1) is None


# --- roles -----------------------------------------------------------------------------


def test_roles_rank_name_and_appositive_post_with_possessive_country(nlp) -> None:
    found = roles_of(
        nlp,
        "Major General Kamchybek Tashiev, Chairman of Kyrgyzstan's State Committee for "
        "National Security, held talks in Batken.",
    )
    role = only(found, "Kamchybek Tashiev")
    assert role["rank"] == "Major General"
    assert role["title"] == "Chairman"
    assert role["organization"] == "State Committee for National Security"
    assert role["country"] == "KGZ"
    assert role["evidence"] == (
        "Major General Kamchybek Tashiev, Chairman of Kyrgyzstan's State Committee for "
        "National Security"
    )


def test_roles_demonym_title_then_rank_before_the_name(nlp) -> None:
    found = roles_of(
        nlp,
        "Tajik Defense Minister Colonel General Sherali Mirzo and Uzbek Defense Minister "
        "Lieutenant General Bakhodir Kurbanov signed the plan.",
    )
    mirzo, kurbanov = only(found, "Sherali Mirzo"), only(found, "Bakhodir Kurbanov")
    assert (mirzo["title"], mirzo["rank"], mirzo["country"]) == (
        "Defense Minister", "Colonel General", "TJK")
    assert (kurbanov["title"], kurbanov["rank"], kurbanov["country"]) == (
        "Defense Minister", "Lieutenant General", "UZB")


def test_roles_title_of_country_before_the_name(nlp) -> None:
    found = roles_of(
        nlp,
        "President of the Republic of Kazakhstan Kassym-Jomart Tokayev opened the forum.",
    )
    role = only(found, "Kassym-Jomart Tokayev")
    assert (role["title"], role["country"]) == ("President", "KAZ")


def test_roles_apposition_before_the_name(nlp) -> None:
    found = roles_of(
        nlp,
        "Ruslan Mirzayev met the director of the Border Service of Tajikistan, Rustam "
        "Nazarzoda, in Khorog.",
    )
    role = only(found, "Rustam Nazarzoda")
    assert role["title"] == "Director"
    assert role["organization"] == "Border Service of Tajikistan"
    assert role["country"] == "TJK"
    assert role["evidence"].startswith("the director of the Border Service")
    assert "Ruslan Mirzayev" not in found


def test_roles_relative_clause_who_chairs(nlp) -> None:
    found = roles_of(
        nlp,
        "Ruslan Mirzayev, who chairs the Security Council of Kyrgyzstan, arrived in Osh.",
    )
    role = only(found, "Ruslan Mirzayev")
    assert (role["title"], role["organization"], role["country"]) == (
        "Chairman", "Security Council of Kyrgyzstan", "KGZ")


def test_roles_two_people_in_one_sentence_each_with_a_post(nlp) -> None:
    found = roles_of(
        nlp,
        "Defence Minister Ruslan Zhaksylykov of Kazakhstan and Interior Minister Ulan "
        "Niyazbekov of Kyrgyzstan met in Astana. The talks were also attended by Ermek "
        "Kosherbayev, the deputy defence minister, and Kurmanbek Ashirov, the interior "
        "minister of Kyrgyzstan.",
    )
    assert (only(found, "Ruslan Zhaksylykov")["title"], only(found, "Ruslan Zhaksylykov")[
        "country"]) == ("Defence Minister", "KAZ")
    assert (only(found, "Ulan Niyazbekov")["title"], only(found, "Ulan Niyazbekov")[
        "country"]) == ("Interior Minister", "KGZ")
    assert only(found, "Ermek Kosherbayev")["title"] == "Deputy Defence Minister"
    ashirov = only(found, "Kurmanbek Ashirov")
    assert (ashirov["title"], ashirov["country"]) == ("Interior Minister", "KGZ")


def test_roles_plural_title_is_shared_by_the_list(nlp) -> None:
    found = roles_of(
        nlp,
        "The talks were attended by Presidents Shavkat Mirziyoyev, Sadyr Japarov and "
        "Emomali Rahmon.",
    )
    for name in ("Shavkat Mirziyoyev", "Sadyr Japarov", "Emomali Rahmon"):
        assert only(found, name)["title"] == "President"


def test_roles_two_titles_joined_by_and(nlp) -> None:
    found = roles_of(
        nlp,
        "The delegation was led by Deputy Prime Minister and Foreign Minister of Kazakhstan "
        "Murat Nurtleu.",
    )
    titles = {(r["title"], r["country"]) for r in found["Murat Nurtleu"]}
    assert titles == {("Deputy Prime Minister", "KAZ"), ("Foreign Minister", "KAZ")}


def test_roles_body_before_the_title(nlp) -> None:
    found = roles_of(
        nlp, "Kazakh Foreign Ministry spokesman Aibek Smadiyarov told reporters on Monday."
    )
    role = only(found, "Aibek Smadiyarov")
    assert (role["title"], role["organization"], role["country"]) == (
        "Spokesman", "Kazakh Foreign Ministry", "KAZ")


def test_roles_counterpart_takes_the_title_of_the_person_before(nlp) -> None:
    found = roles_of(
        nlp,
        "Uzbek President Shavkat Mirziyoyev and his Kyrgyz counterpart Sadyr Japarov met in "
        "Samarkand.",
    )
    assert only(found, "Sadyr Japarov")["title"] == "President"
    assert only(found, "Sadyr Japarov")["country"] == "KGZ"


def test_roles_a_former_post_is_not_recorded(nlp) -> None:
    found = roles_of(nlp, "Former Defence Minister Ruslan Zhaksylykov was absent.")
    assert "Ruslan Zhaksylykov" not in found


def test_roles_a_title_before_the_next_name_is_not_an_apposition(nlp) -> None:
    found = roles_of(
        nlp, "The summit was attended by Kassym-Jomart Tokayev, President Vladimir Putin and "
        "others.",
    )
    assert "Kassym-Jomart Tokayev" not in found
    assert only(found, "Vladimir Putin")["title"] == "President"


def test_roles_the_same_post_twice_is_one_role(nlp) -> None:
    found = roles_of(
        nlp,
        "Foreign Minister Murat Nurtleu arrived in Baku. Foreign Minister Murat Nurtleu of "
        "Kazakhstan then met the press.",
    )
    assert found["Murat Nurtleu"] == [
        {"rank": None, "title": "Foreign Minister", "organization": None, "country": "KAZ",
         "evidence": "Foreign Minister Murat Nurtleu of Kazakhstan"}
    ]


def test_roles_evidence_slices_the_text_and_covers_the_name(nlp) -> None:
    text = (
        "Chairman of the State Border Committee of Belarus Major General Konstantin Molostov "
        "opened the meeting. Lieutenant General Yermek Alpysbayev, First Deputy Chairman of "
        "the National Security Committee, attended."
    )
    doc = nlp(text)
    assert doc._.roles
    for role in doc._.roles:
        evidence = text[role.start : role.end]
        group = doc._.entity_groups[role.entity]
        assert any(text[s:e] in evidence for s, e in group.mentions)
    molostov = only(roles_of(nlp, text), "Konstantin Molostov")
    assert (molostov["rank"], molostov["title"], molostov["country"]) == (
        "Major General", "Chairman", "BLR")


def test_roles_component_declares_what_it_needs(nlp) -> None:
    analysis = nlp.analyze_pipes()
    assert not analysis["problems"]["tidings_roles"]
    assert not analysis["problems"]["tidings_coref"]
