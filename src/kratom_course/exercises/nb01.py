"""Exercises of notebook 01 (claims under the microscope).

01.1 critique split paragraph P12 into checkable claims and compare with the ledger
01.2 choice   which evidence each half of a split sentence needs (a number vs a purpose)
01.3 predict  which paragraph has the largest share of unsupported or contradicted claims (revealed by the figure)
01.4 critique read C11 and C12 by when prolactin was measured
"""

from __future__ import annotations

from .. import data
from ..evidence import article_claims, paragraph_labels, weak_share_by_paragraph
from ..tables import in_words
from .engine import Choice, Critique, Prediction, define
from .lazy import LazyOption

SPLIT_PARAGRAPH = "P12"
PREDICT_OPTIONS = {"a": "P7", "b": "P11", "c": "P12"}


def _split_facts() -> dict:
    claims = article_claims(data.load("claims"))
    rows = claims[claims["paragraph"] == SPLIT_PARAGRAPH]
    listed = "\n".join(
        f"- {r.claim_id} ({in_words(r.status)}): {r.claim} (the article's words: \u201c{r.article_words}\u201d)"
        for r in rows.itertuples()
    )
    return {"paragraph": SPLIT_PARAGRAPH, "n_claims": len(rows), "ledger_claims": listed}


define(
    Critique(
        "01.1",
        "critique",
        "split a paragraph into atomic, checkable claims",
        facts=_split_facts,
        model_answer=(
            "The ledger splits {paragraph} into {n_claims} claims:\n{ledger_claims}\n"
            "Compare: did you separate the definition of galactorrhoea from the side effect, 'a known side effect' "
            "from 'of higher doses', and the advice (monitoring, long-term caution) from the facts it rests on? A "
            "split is good when each piece can be checked against one kind of evidence."
        ),
        rubric=(
            "one claim per checkable statement, each in your own words",
            "the definition ('excessive milk production') is a claim of its own",
            "'known side effect' and 'associated with higher doses' are separate claims",
            "the advice (monitoring, a measured approach) is separated from the facts it rests on",
        ),
    )
)

define(
    Choice(
        "01.2",
        "choice",
        "tell descriptive, clinical and mechanism claims apart and name the evidence each needs",
        correct="b",
        feedback={
            "a": "A randomized trial is what the purpose half needs, but the number half only describes what people "
            "take, and surveys of reported doses can support a description.",
            "b": "The number is descriptive (what amounts people report), so dose surveys can support it, with their "
            "samples' limits; the purpose is a clinical claim (a starting dose that relieves withdrawal), which "
            "needs people in withdrawal given known amounts and compared. The ledger grades the halves apart "
            "(C18 and C31).",
            "c": "Binding studies measure affinity in cell membranes; they say nothing about the grams people take or "
            "about relief in people.",
            "d": "One person's experience can show that something happens; it cannot show what is common or what "
            "relieves withdrawal in general.",
        },
    )
)


def _weak_facts() -> dict:
    shares = weak_share_by_paragraph(data.load("claims"))
    labels = paragraph_labels(data.load("article_paragraphs"))
    facts = {}
    for option, paragraph in PREDICT_OPTIONS.items():
        row = shares.loc[paragraph]
        facts |= {
            f"{option}_label": labels[paragraph],
            f"{option}_weak": int(row["weak"]),
            f"{option}_claims": int(row["claims"]),
            f"{option}_share": float(row["weak_share"]),
        }
    return facts


def _worst_option() -> str:
    facts = _weak_facts()
    return max(PREDICT_OPTIONS, key=lambda option: facts[f"{option}_share"])


define(
    Prediction(
        "01.3",
        "predict",
        "spot where the article states as known what the evidence does not support",
        correct=LazyOption(_worst_option),
        facts=_weak_facts,
        feedback={
            "a": "{a_label}: {a_weak} of its {a_claims} claims ({a_share:.0%}) are unsupported or contradicted. It mixes "
            "well-supported receptor pharmacology and physiology with the prolactin premise, so it fares better "
            "than its reputation.",
            "b": "{b_label}: {b_weak} of its {b_claims} claims ({b_share:.0%}) are unsupported or contradicted; its "
            "numbers overlap what people report taking, but no study defines a dose for withdrawal.",
            "c": "{c_label}: {c_weak} of its {c_claims} claims ({c_share:.0%}) are unsupported or contradicted. It states "
            "as known what rests on one case seen second-hand, and even misdefines galactorrhoea.",
        },
    )
)


def _c12_facts() -> dict:
    status = data.load("claims").set_index("claim_id").loc["C12", "status"]
    return {"c12_status": in_words(status)}


define(
    Critique(
        "01.4",
        "critique",
        "trace a status to its studies and say when they measured",
        facts=_c12_facts,
        model_answer=(
            "The sentence makes two claims. C11 (prolactin rises during opioid use) is supported when prolactin is "
            "measured in the minutes to hours after a dose: morphine, methadone and buprenorphine raised it in "
            "people, heroin in monkeys. In long-term maintenance the rise follows the drug's peak, and blood drawn "
            "before the daily dose, at the trough, looks like that of controls; that is a different time, not a "
            "contradiction. C12 (prolactin rises during withdrawal) is {c12_status}, for mixed findings. In rats prolactin "
            "rose during abrupt morphine withdrawal, and in withdrawal precipitated by naloxone in one study but not in "
            "another. In people, values after withdrawal (normal in men who had stopped heroin, below that of controls "
            "at the end of a methadone taper) do not address a rise during it; in one cohort prolactin fell from the "
            "start of abstinence over the following weeks; and the hormones known to rise in acute withdrawal are ACTH "
            "and cortisol. Only one study sampled the first hours: within a day of the last heroin dose prolactin was "
            "still raised, in a window that cannot tell the end of that dose's effect from early withdrawal. The studies "
            "are few and small. Either way the article's mechanism, kratom soothing withdrawal by regulating a prolactin "
            "that rises in withdrawal, starts from a premise that is not established in people."
        ),
        rubric=(
            "grades the two halves of the sentence apart",
            "says when each study measured (after a dose, at the trough, during or after withdrawal)",
            "does not treat a trough value or a late value as contradicting a claim about another time",
            "states the limits (few, small studies; the first hours after the last dose sampled only once, when prolactin was still raised)",
        ),
    )
)
