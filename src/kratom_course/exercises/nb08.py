"""Exercises of notebook 08 (regulation).

08.1 predict  what the latest record in most jurisdictions does to someone selling plain leaf (predicted before the table)
08.2 choice   plant, alkaloid and concentrated-7-OH rules: what a rule names decides what it covers
08.3 compute  a date matters: the share of jurisdictions whose latest record is more than five years old
08.4 critique the article's regulatory sentence against the records (C26), and what records can and cannot say about its
              treatment advice beside it (C25, a clinical recommendation)
"""

from __future__ import annotations

from .. import data, regulation, tables
from .engine import SLIPS, Choice, Critique, Numeric, Prediction, Slip, define
from .lazy import LazyOption

OLDER_THAN_YEARS = 5  # the threshold asked for in 08.3 (stated in the notebook)
PREDICT_OPTIONS = {"a": "offence", "b": "conditions", "c": "unrestricted"}  # keys of regulation.LEAF_EFFECTS


def _effect_facts() -> dict:
    latest = regulation.latest_by_jurisdiction()
    effects = regulation.leaf_effects(latest).value_counts()
    on_record = latest[latest["standing"] == regulation.ON_RECORD]
    apart = latest[latest["standing"] != regulation.ON_RECORD]
    facts = {
        "n_jurisdictions": len(latest),
        "n_apart": len(apart),
        "apart_names": ", ".join(apart["jurisdiction"]),
        "n_7oh_only": int((on_record["target"] == "concentrated 7-OH").sum()),
        "n_7oh_apart": int((apart["target"] == "concentrated 7-OH").sum()),
        "n_us_states": int((latest["level"] == "us-state").sum()),
    }
    for option, effect in PREDICT_OPTIONS.items():
        facts[f"{option}_n"] = int(effects.get(effect, 0))
    return facts


def _most_common_option() -> str:
    facts = _effect_facts()
    return max(PREDICT_OPTIONS, key=lambda option: facts[f"{option}_n"])


define(
    Prediction(
        "08.1",
        "predict",
        "explain why status differs: what the latest rule in each jurisdiction does to plain leaf",
        correct=LazyOption(_most_common_option),
        facts=_effect_facts,
        feedback={
            "a": "Yes for this table: in {a_n} of the {n_jurisdictions} jurisdictions the latest record makes selling plain "
            "leaf an offence ({b_n} let it be sold with conditions, {c_n} leaves it unrestricted, and {n_apart} are counted "
            "apart: {apart_names}). Remember who is in the table: places for which a source described a rule, "
            "{n_us_states} of them US states, many chosen because they acted. They are not a sample: the count describes the "
            "table, not the world.",
            "b": "{b_n} of the {n_jurisdictions} let plain leaf be sold with conditions (food, supplement or medicine law, "
            "or consumer-protection acts with age limits and labels). That is common, but in more of the jurisdictions "
            "in this table ({a_n}) the latest record makes selling the leaf an offence. The table holds places for which a "
            "source described a rule, so it leans towards places that acted.",
            "c": "Only {c_n} of the {n_jurisdictions} latest records leave plain leaf unrestricted. Rules aimed only at "
            "concentrated 7-OH leave the leaf alone too; of the latest records of that kind, {n_7oh_only} still stand and "
            "{n_7oh_apart} are counted apart because a later change was reported or the rule ended. Most national and state "
            "records in the "
            "table restrict the leaf in some way ({a_n} make selling it an offence, {b_n} set conditions).",
        },
    )
)


def _rule_facts() -> dict:
    # Louisiana's ban of the plant; Ohio's emergency rule on concentrated 7-OH (by jurisdiction and what each rule does)
    louisiana = data.select("regulation", jurisdiction="Louisiana", status="banned", target="plant")
    ohio = data.select("regulation", jurisdiction="Ohio", status="controlled", target="concentrated 7-OH")
    return {"louisiana_in_force": louisiana["date_in_force"], "ohio_in_force": ohio["date_in_force"]}


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
    claims = regulation.claims_read_against_records().set_index("claim_id")
    links = data.load("claim_evidence")
    # The regulators' records linked to C25 (warnings, no approval): the ledger's links whose source is in the table.
    regulators = set(data.load("regulation")["ref_id"])
    warnings = links[(links["claim_id"] == "C25") & links["ref_id"].isin(regulators)]["ref_id"]
    return {
        "c26_status": tables.in_words(claims.loc["C26", "status"]),
        "c25_status": tables.in_words(claims.loc["C25", "status"]),
        "c25_refs": ", ".join(sorted(warnings)),
    }


define(
    Critique(
        "08.4",
        "critique",
        "judge the article's regulatory sentence against dated records, and say what records cannot settle",
        facts=_claim_facts,
        model_answer=(
            "C26, that kratom's status differs between regions, is {c26_status}: the records range from no "
            "international control through product rules and supply bans to national and state controls. But the "
            "sentence stops where a reader needs help. Status depends on what a rule names (the plant, its alkaloids, "
            "concentrated 7-OH, or how products are sold), on the level of government (a US state can differ from "
            "federal law), on whether possession or only supply is an offence, and on the date: several records are "
            "years old, some were proposals that were withdrawn, and for some a later change has been reported. A careful "
            "version would tell readers to look up the current instrument with the responsible authority and note its "
            "date. The advice beside it, to make kratom one component of a comprehensive treatment strategy (C25, "
            "{c25_status}), is a clinical recommendation, and the records cannot settle it: no regulator in the table has "
            "authorised kratom for any treatment use, and agencies warn against medical use ({c25_refs}), but an absence "
            "of authorisation is not evidence that the advice is wrong. What the advice needs is controlled studies of "
            "kratom within treatment, and there are none (see the notebook on withdrawal)."
        ),
        rubric=(
            "grades C26 against the records, with its status",
            "names at least two reasons status differs (what the rule names; level of government; possession or supply; date)",
            "says that a status needs its date and its instrument, and where to check it now",
            "treats C25 as a clinical recommendation: no authorisation in the table is an absence, not evidence against it; "
            "it needs controlled clinical studies",
            "gives no legal or medical advice of its own",
        ),
    )
)
