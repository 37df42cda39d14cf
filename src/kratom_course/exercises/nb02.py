"""Exercises of notebook 02: every expected value and every number in a text comes from data/ via `receptors`."""

from __future__ import annotations

from .. import receptors
from ..pharmacology import occupancy
from .engine import Critique, Numeric, Prediction, Slip, define

# --- 02.1 (predict): where 7-OH comes from and what that implies ---------------------------------

define(
    Prediction(
        "02.1",
        "predict",
        "how 7-OH is formed from mitragynine (CYP3A) and what blocking that step does",
        correct="b",
        feedback={
            "a": (
                "Blocking CYP3A does leave more mitragynine unchanged, but in Hill 2022 the CYP3A inhibitor ketoconazole "
                "made mitragynine's pain relief and breathing depression in mice weaker, not stronger: part of what "
                "mitragynine does in mice goes through the 7-OH that CYP3A makes from it."
            ),
            "b": (
                "In Hill 2022, ketoconazole weakened both effects of oral mitragynine in mice but not those of 7-OH given "
                "directly: part of mitragynine's action runs through 7-OH formed by CYP3A (Kruegel 2019 argued the same; "
                "Berthold 2021 disagreed). In people, drugs that block or induce CYP3A could shift that share."
            ),
            "c": (
                "If mitragynine acted entirely by itself, blocking its conversion would change little. Hill 2022 found "
                "the opposite in mice: ketoconazole weakened mitragynine's effects, not 7-OH's."
            ),
        },
    )
)


# --- 02.2 (compute): occupancy under the second reading of the disputed abstract (d01) ------------


def _occ(compound: str, reading: str) -> float:
    return float(occupancy(receptors.peak_plasma_nm(compound), receptors.mor_ki_nm(compound, reading)))


def _ratio_without_saturation(reading: str) -> float:
    """The slip of using C / Ki for occupancy: (C / Ki of 7-OH) over (C / Ki of mitragynine)."""
    oh, mg = "7-hydroxymitragynine", "mitragynine"
    return (receptors.peak_plasma_nm(oh) / receptors.mor_ki_nm(oh, reading)) / (
        receptors.peak_plasma_nm(mg) / receptors.mor_ki_nm(mg, reading)
    )


def _facts_02_2() -> dict:
    return {
        "oh_peak": receptors.peak_plasma_nm("7-hydroxymitragynine"),
        "mg_peak": receptors.peak_plasma_nm("mitragynine"),
        "oh_ki": receptors.mor_ki_nm("7-hydroxymitragynine", "transposed"),
        "mg_ki": receptors.mor_ki_nm("mitragynine", "transposed"),
        "oh_occ": _occ("7-hydroxymitragynine", "transposed"),
        "mg_occ": _occ("mitragynine", "transposed"),
        "ratio": receptors.occupancy_ratio("transposed"),
        "ratio_printed": receptors.occupancy_ratio("as printed"),
    }


define(
    Numeric(
        "02.2",
        "compute",
        "compute occupancy from a concentration and a Ki, and carry a disputed value as two scenarios",
        expected=lambda: receptors.occupancy_ratio("transposed"),
        unit="(7-OH occupancy / mitragynine occupancy)",
        rel_tol=0.03,
        facts=_facts_02_2,
        why=(
            "Occupancy is C / (C + Ki). In the base case (transposed), 7-OH (peak {oh_peak:.1f} nM, Ki {oh_ki:.1f} nM) "
            "occupies {oh_occ:.0%} of mu receptors and mitragynine (peak {mg_peak:.1f} nM, Ki {mg_ki:.0f} nM) {mg_occ:.0%}: "
            "a ratio of {ratio:.2f}, although 7-OH circulates at a fraction of mitragynine's level. Read as printed, a "
            "probable slip, the ratio would be {ratio_printed:.2f} and 7-OH a bystander. That is why the reading matters "
            "to the Kruegel 2019 and Hill 2022 debate. These are total plasma concentrations; free ones are lower and "
            "protein binding differs between the two alkaloids."
        ),
        hint=(
            'Take each compound\'s Ki with receptors.mor_ki_nm(compound, "transposed") and its peak with '
            "receptors.peak_plasma_nm(compound); compute pharmacology.occupancy(C, Ki) for each and divide 7-OH's by "
            "mitragynine's."
        ),
        slips={
            "c_over_ki": Slip(
                lambda _: _ratio_without_saturation("transposed"),
                "This uses C / Ki for each occupancy. Occupancy is C / (C + Ki): the Ki belongs in the denominator "
                "together with C, so occupancy can never exceed one.",
            ),
            "as printed": Slip(
                lambda _: receptors.occupancy_ratio("as printed"),
                'That is the ratio under the reading "as printed"; this question asks for the transposed reading.',
            ),
            "inverted": Slip(
                lambda x: 1.0 / x, "This is mitragynine's occupancy over 7-OH's; the question asks for 7-OH over mitragynine."
            ),
            "percent": Slip(
                lambda x: 100.0 * x,
                "A factor of 100 too high: this looks like the ratio written as a percentage, or one occupancy in per cent "
                "divided by the other as a fraction. Both occupancies in the same form give a plain ratio without a unit.",
            ),
            "concentrations_only": Slip(
                lambda _: receptors.peak_plasma_nm("7-hydroxymitragynine") / receptors.peak_plasma_nm("mitragynine"),
                "That is the ratio of the concentrations alone; occupancy also depends on each compound's Ki.",
            ),
            "affinities_only": Slip(
                lambda _: receptors.affinity_fold("transposed"),
                "That is the ratio of the affinities alone; occupancy also depends on how much of each compound is there.",
            ),
        },
    )
)


# --- 02.3 (predict): which added drug precipitates withdrawal -------------------------------------

define(
    Prediction(
        "02.3",
        "predict",
        "explain precipitated withdrawal from affinity and efficacy",
        correct="b",
        feedback={
            "a": (
                "A low-affinity partial agonist does pull the response down too, but only at far higher concentrations: "
                "it has to outcompete the full agonist for the receptors first. Affinity decides how much drug that takes."
            ),
            "b": (
                "A partial agonist with high affinity displaces the full agonist at low concentrations and replaces its "
                "large response with its own low ceiling: the drop is precipitated withdrawal. Buprenorphine binds "
                "very tightly and leaves the receptor slowly; that is why, in the usual "
                "way of starting it, the first dose waits until withdrawal has begun. Mitragynine binds the mu receptor far more weakly than morphine (Yue 2018)."
            ),
            "c": (
                "Adding an agonist raises the response only when few receptors are occupied. When a full agonist already "
                "occupies most of them, a partial agonist that takes their place lowers the total response."
            ),
        },
    )
)


# --- 02.4 (critique): the buprenorphine analogy, both halves ---------------------------------------


def _facts_02_4() -> dict:
    yue = receptors.ratio_table().query(
        "measure == 'relative_affinity' and compound == 'morphine' and comparator == 'mitragynine'"
    )
    return {"yue_fold": float(yue["value"].iloc[0]), "emax_7oh": receptors.emax_7oh_fraction()}


define(
    Critique(
        "02.4",
        "critique",
        "judge the buprenorphine analogy: what a partial agonist can and cannot do, and whether mitragynine fits",
        facts=_facts_02_4,
        model_answer=(
            "The analogy gets one half right: a partial agonist at the mu receptor can keep enough signal to ease withdrawal "
            "while capping the effect (buprenorphine). It leaves out the other half: a partial agonist with high affinity, "
            "given to someone with a full agonist on board, displaces it and precipitates withdrawal. Buprenorphine's use "
            "rests on low efficacy combined with very tight binding and slow release from the receptor; mitragynine lacks the tight binding: in rat brain its mu "
            "affinity was about {yue_fold:.0f} times lower than morphine's (Yue 2018). Whether mitragynine is partial at all "
            "depends on the assay (an antagonist in one GTPγS assay; 7-OH reached {emax_7oh:.0%}), and in rats mitragynine "
            "substituted only partly for morphine in one study and fully in another (Obeng 2021; Harun 2015). Part of its "
            "effect in rats looks like an alpha2 agonist's (Obeng 2024). All of this is animal and cell evidence (level 5): "
            "it makes relief of withdrawal in people plausible, not shown."
        ),
        rubric=(
            "names both halves: easing withdrawal, and precipitating it in someone with a full agonist on board",
            "says what buprenorphine's use rests on (very high affinity, slow dissociation) and that mitragynine binds far more weakly",
            "notes that 'partial' depends on the assay and that animal results disagree (partial and full substitution)",
            "keeps receptor and animal evidence apart from a clinical claim about people",
        ),
    )
)
