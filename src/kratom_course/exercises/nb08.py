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
        "apply what a rule names (an alkaloid, or concentrated 7-OH only) to plain leaf",
        correct="b",
        facts=_rule_facts,
        feedback={
            "a": "The traces are the point of rule Y's wording: it names 7-OH only where it was added or concentrated "
            "above the leaf's natural level, so plain leaf with its natural traces is outside it. Rule X names "
            "mitragynine and any material containing it, so the leaf is covered by X only.",
            "b": "Yes. Rule X names mitragynine and any material containing it: plain leaf contains mitragynine, so it "
            "is covered, whatever a headline calls the rule. Rule Y names 7-OH only above the leaf's natural level, so "
            "plain leaf is outside it. The records of section 2 show both kinds: Louisiana's Act (in force "
            "{louisiana_in_force}) names kratom itself; Ohio's emergency rule (in force {ohio_in_force}) was reported "
            "to name kratom-related compounds such as 7-OH and to exempt leaf containing only mitragynine. A reading "
            "of wording, not legal advice.",
            "c": "It is the other way round. Rule Y names 7-OH only above the leaf's natural level, so plain leaf is "
            "outside it; rule X names mitragynine, which the leaf contains, so the leaf is covered by X.",
            "d": "Neither rule names the plant, but rule X names mitragynine and any material containing it, and the "
            "leaf contains mitragynine: naming an alkaloid catches the leaf that contains it (section 3).",
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
