"""One rule for every claim's best level of evidence (review RA S3-2): the best level among the references
claim_evidence.csv links to the claim as supports or contradicts; context links do not count."""

import pandas as pd

from kratom_course import data, evidence


def _derived() -> pd.Series:
    return evidence.highest_level_by_rule(data.load("claims"), data.load("claim_evidence"), data.load("references"))


def test_every_claims_stored_level_is_the_rules():
    stored = data.load("claims").set_index("claim_id")["highest_level"].astype("Int64")
    derived = _derived()
    differ = [c for c in stored.index if not (pd.isna(stored[c]) and pd.isna(derived[c])) and not stored[c] == derived[c]]
    assert not differ, {c: (stored[c], derived[c]) for c in differ}


def test_context_links_do_not_count_and_both_directions_do():
    claims = pd.DataFrame({"claim_id": ["X1", "X2", "X3"]})
    refs = pd.DataFrame({"ref_id": ["rat", "survey", "trial", "review"], "evidence_level": [5, 4, 2, None]})
    links = pd.DataFrame(
        {
            "claim_id": ["X1", "X1", "X2", "X2", "X3"],
            "ref_id": ["rat", "trial", "survey", "review", "review"],
            "relation": ["supports", "context", "contradicts", "supports", "supports"],
        }
    )
    levels = evidence.highest_level_by_rule(claims, links, refs)
    assert levels["X1"] == 5  # the trial is only context
    assert levels["X2"] == 4  # a contradicting study counts; a review carries no level
    assert pd.isna(levels["X3"])


def test_a_graded_claim_with_direct_links_rests_on_them():
    # a claim graded partly supported, supported or contradicted names at least one study it rests on
    claims = data.load("claims")
    links = data.load("claim_evidence")
    direct = set(links.loc[links["relation"].isin(evidence.LEVEL_RELATIONS), "claim_id"])
    graded = claims.loc[claims["status"].isin(["supported", "partly-supported", "contradicted"]), "claim_id"]
    assert not sorted(set(graded) - direct)
