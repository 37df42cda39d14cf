"""Exercises of notebook 08 (regulation).

08.1 predict  what the latest record in most jurisdictions does (revealed by the status-by-target figure)
08.2 choice   plant, alkaloid and concentrated-7-OH rules: what a rule names decides what it covers
08.3 compute  a date matters: the share of jurisdictions whose latest record is more than five years old
08.4 critique the article's regulatory sentences against the records (C25, C26)
"""

from __future__ import annotations

from .. import data, regulation
from .engine import SLIPS, Choice, Critique, Numeric, Prediction, Slip, define

OLDER_THAN_YEARS = 5  # the threshold asked for in 08.3 (stated in the notebook)
PREDICT_OPTIONS = {
    "a": regulation.MEASURE_KIND["plant"],
    "b": regulation.MEASURE_KIND["product law"],
    "c": regulation.MEASURE_KIND["no control"],
}


def _kind_facts() -> dict:
    latest = regulation.latest_by_jurisdiction()
    kinds = regulation.measure_kinds(latest)
    facts = {"n_jurisdictions": len(latest), "n_7oh": int(kinds.get(regulation.MEASURE_KIND["concentrated 7-OH"], 0))}
    for option, kind in PREDICT_OPTIONS.items():
        facts[f"{option}_n"] = int(kinds.get(kind, 0))
    return facts


def _most_common_option() -> str:
    facts = _kind_facts()
    return max(PREDICT_OPTIONS, key=lambda option: facts[f"{option}_n"])


define(
    Prediction(
        "08.1",
        "predict",
        "explain why status differs: what the latest rule in each jurisdiction targets",
        correct=_most_common_option(),
        facts=_kind_facts,
        feedback={
            "a": "{a_n} of the {n_jurisdictions} jurisdictions' latest records control or ban the plant or its alkaloids. "
            "Remember who is in the table: places the course found sources for, many of them US states chosen "
            "because they acted, so the count describes the table, not the world.",
            "b": "{b_n} of the {n_jurisdictions} regulate how products are sold (food, supplement and medicine law, or "
            "consumer-protection standards) without scheduling. That is common, but the figure shows another kind "
            "of record more often in this table.",
            "c": "Only {c_n} of the {n_jurisdictions} latest records leave kratom uncontrolled: the international "
            "conventions. Most national and state records in the table do something, even where the plant stays "
            "legal (product rules; {n_7oh} rules aimed at concentrated 7-OH only).",
        },
    )
)


def _rule_facts() -> dict:
    table = regulation.rules().set_index("rule_id")
    return {"louisiana_in_force": table.loc["reg38", "date_in_force"], "ohio_in_force": table.loc["reg39", "date_in_force"]}


define(
    Choice(
        "08.2",
        "choice",
        "tell plant, alkaloid and concentrated-7-OH rules apart by what they name",
        correct="b",
        facts=_rule_facts,
        feedback={
            "a": "Both records are restrictive, but they name different things. Louisiana's Act (in force "
            "{louisiana_in_force}) covers kratom itself; Ohio's emergency rule (in force {ohio_in_force}) names "
            "derivatives such as 7-OH and, as reported, leaves leaf that contains only mitragynine outside it.",
            "b": "Yes, as the sources report it: Louisiana's Act names kratom, the plant; Ohio's emergency rule names "
            "kratom-related compounds such as 7-OH and exempts leaf containing only mitragynine. Same word "
            "('ban') in the headlines, different targets. This is a reading of the records at their dates, "
            "not legal advice: check the current instrument.",
            "c": "Leaf is named by Louisiana's Act, so the two states differ. The records say what each rule names; read "
            "the instrument column, not only the status column.",
            "d": "It is the other way round: Ohio's rule, as reported, exempts leaf containing only mitragynine, while "
            "Louisiana's Act covers the plant.",
        },
    )
)


def _age_facts() -> dict:
    latest = regulation.latest_by_jurisdiction()
    reference = regulation.reference_date()
    ages = regulation.age_years(latest["as_of"], reference)
    share = regulation.share_older_than(OLDER_THAN_YEARS, reference, latest)
    return {
        "reference": reference,
        "years": OLDER_THAN_YEARS,
        "share": share,
        "n_old": int((ages > OLDER_THAN_YEARS).sum()),
        "n": len(latest),
        "median_age": float(ages.median()),
    }


define(
    Numeric(
        "08.3",
        "compute",
        "say why a date matters: how old the latest record of each jurisdiction is",
        expected=lambda: regulation.share_older_than(OLDER_THAN_YEARS),
        unit="fraction (0 to 1)",
        rel_tol=0.02,
        facts=_age_facts,
        why=(
            "{n_old} of the {n} jurisdictions ({share:.0%}) have a latest record more than {years} years older than "
            "{reference}; the median record is {median_age:.1f} years old. A status without its date is a guess about "
            "today: check the current instrument with the authority itself."
        ),
        hint=(
            "Use regulation.age_years(latest['as_of'], regulation.reference_date()) and count the ages above {years}, "
            "then divide by the number of jurisdictions."
        ),
        slips={
            "percent": SLIPS["percent_vs_fraction"],
            "count": Slip(
                lambda x: x * len(regulation.latest_by_jurisdiction()),
                "This looks like a count of jurisdictions; the question asks for a fraction of them.",
            ),
            "complement": Slip(lambda x: 1.0 - x, "This is the share of recent records; the question asks for the old ones."),
        },
    )
)


def _claim_facts() -> dict:
    claims = regulation.article_regulatory_claims().set_index("claim_id")
    links = data.load("claim_evidence")
    # The regulators' records linked to C25 (warnings, no approval): the ledger's links whose source is in the table.
    regulators = set(data.load("regulation")["ref_id"])
    against = links[(links["claim_id"] == "C25") & links["ref_id"].isin(regulators)]["ref_id"]
    return {
        "c26_status": claims.loc["C26", "status"].replace("-", " "),
        "c25_status": claims.loc["C25", "status"].replace("-", " "),
        "c25_refs": ", ".join(sorted(against)),
    }


define(
    Critique(
        "08.4",
        "critique",
        "judge the article's regulatory sentences against dated records",
        facts=_claim_facts,
        model_answer=(
            "C26, that kratom's status differs between regions, is {c26_status}: the records range from no "
            "international control through product rules to national and state bans. But the sentence stops where a "
            "reader needs help. Status depends on what a rule names (the plant, its alkaloids, concentrated 7-OH, or how "
            "products are sold), on the level of government (a US state can differ from federal law), and on the date: "
            "several records in the table are years old and some are proposals that were withdrawn or never finalised. "
            "A careful version would tell readers to look up the current instrument with the responsible authority and "
            "note its date. C25, that kratom should be one component of a comprehensive treatment strategy, is "
            "{c25_status}: no study has tested kratom as part of such a strategy, no authority in the table has approved "
            "kratom as a treatment, and the agencies warn against medical use ({c25_refs}). Sitting the two sentences side "
            "by side, the article "
            "asks readers to respect the law while proposing a use that no regulator has approved."
        ),
        rubric=(
            "grades C26 and C25 separately, with their statuses",
            "names at least two reasons status differs (what the rule names; level of government; date)",
            "says that a status needs its date and its instrument, and where to check it now",
            "notes that no regulator in the table approves kratom as a treatment",
            "gives no legal or medical advice of its own",
        ),
    )
)
