"""Figures of notebook 02: drawing only. Every number drawn or stated comes from `receptors`."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from .. import receptors
from ..pharmacology import max_response
from . import OKABE_ITO, look, register

NOTEBOOK = "02_alkaloids_and_opioid_receptors"
RECEPTOR_SHORT = {"MOR": "MOR", "alpha2A": "α2A", "DOR": "DOR", "KOR": "KOR", "opioid-tissue": "ileum"}


def _short(compound: str) -> str:
    return receptors.SHORT.get(compound, compound)


def _draw_value(ax, x: float, y: float, compound: str, provenance: str, derived: bool = False) -> None:
    """Filled marker = primary value; open marker = secondary (compilation); half-filled = derived here.

    The fill, not the colour, carries the kind of value, so it reads the same for every compound.
    """
    shape = look("compound", compound)
    fill = "left" if derived else "none" if provenance == "secondary" else "full"
    ax.plot(
        [x],
        [y],
        linestyle="",
        marker=shape.marker,
        markersize=13,
        fillstyle=fill,
        color=shape.colour,
        markerfacecoloralt="white",
        markeredgecolor=shape.colour,
        markeredgewidth=2.2,
        zorder=3,
    )


def _provenance_legend(fig, with_derived: bool) -> None:
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=11,
            markerfacecolor="dimgrey",
            markeredgecolor="dimgrey",
            label="primary value (filled)",
        ),
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=11,
            markerfacecolor="white",
            markeredgecolor="dimgrey",
            markeredgewidth=2,
            label="secondary value (open)",
        ),
    ]
    if with_derived:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=11,
                fillstyle="left",
                markerfacecolor="dimgrey",
                markerfacecoloralt="white",
                markeredgecolor="dimgrey",
                markeredgewidth=2,
                label="derived here from a reported ratio (half-filled)",
            )
        )
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=11)


# --- 1. how the three alkaloids are related ------------------------------------------------------


def _relation_facts() -> dict:
    potency = receptors.relative_tissue_potency()
    edges = receptors.alkaloid_relation()
    return {
        "p7oh": potency["7-hydroxymitragynine"][0],
        "pmp": potency["mitragynine pseudoindoxyl"][0],
        "refs": ", ".join(sorted(set(";".join(edges["refs"]).split(";")))),
    }


@register(
    "02_alkaloid_relation",
    notebook=NOTEBOOK,
    caption=(
        "The body makes 7-OH from mitragynine by CYP3A oxidation, and human plasma in vitro rearranges 7-OH into "
        "mitragynine pseudoindoxyl; in guinea-pig ileum each is more potent than mitragynine ({p7oh:.0f} and {pmp:.0f} times), "
        "while the main route for mitragynine in vitro is O-demethylation."
    ),
    sources=(
        "data/findings.csv (f070-f074: kamble2019, basiliere2020, kruegel2019, chakraborty2021, kamble2020); "
        "data/receptor_values.csv (horie2005, yamamoto1999)"
    ),
    alt=(
        "Diagram of four boxes joined by arrows. Mitragynine on the left has an arrow labelled CYP3A oxidation to "
        "7-hydroxymitragynine at the top, marked {p7oh:.0f} times mitragynine's potency in guinea-pig ileum; from "
        "7-OH an arrow labelled 'in human plasma, in vitro' leads to mitragynine pseudoindoxyl on the right, marked {pmp:.0f} "
        "times; a dashed arrow leads directly from mitragynine to the pseudoindoxyl (CYP3A, in mice) and a grey "
        "arrow down to 9-O-demethylmitragynine, the main product in vitro."
    ),
    facts=_relation_facts,
)
def plot_alkaloid_relation():
    facts = _relation_facts()
    edges = receptors.alkaloid_relation().set_index(["from", "to"])
    fig, ax = plt.subplots()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    boxes = {
        "mitragynine": (0.13, 0.5, "mitragynine\nmost abundant\nleaf alkaloid"),
        "7-hydroxymitragynine": (
            0.5,
            0.85,
            f"7-hydroxymitragynine (7-OH)\ntrace in leaf; {facts['p7oh']:.0f}× mitragynine's\npotency in ileum (Horie 2005)",
        ),
        "mitragynine pseudoindoxyl": (
            0.87,
            0.5,
            f"mitragynine pseudoindoxyl\n{facts['pmp']:.0f}× mitragynine's\npotency in ileum\n(Yamamoto 1999)",
        ),
        "9-O-demethylmitragynine": (0.5, 0.1, "9-O-demethylmitragynine\nmain product in vitro;\ncommonest in urine"),
    }
    for compound, (x, y, text) in boxes.items():
        shape = look("compound", compound)
        ax.text(
            x,
            y,
            text,
            ha="center",
            va="center",
            fontsize=12,
            zorder=3,
            bbox={"boxstyle": "round,pad=0.5", "facecolor": "white", "edgecolor": shape.colour, "linewidth": 2.5},
        )

    def arrow(start, end, label, xy_label, style="-", colour="black", ha="center"):
        ax.annotate(
            "",
            xy=end,
            xytext=start,
            arrowprops={
                "arrowstyle": "-|>",
                "linestyle": style,
                "color": colour,
                "linewidth": 2,
                "shrinkA": 0,
                "shrinkB": 0,
                "mutation_scale": 22,
            },
        )
        ax.text(*xy_label, label, ha=ha, va="center", fontsize=11, color=colour)

    def refs(a, b, per_line=2):
        ids = edges.loc[(a, b), "refs"].split(";")
        return ",\n".join(receptors.citation_label(ids[i : i + per_line]) for i in range(0, len(ids), per_line))

    arrow(
        (0.17, 0.61),
        (0.33, 0.79),
        f"CYP3A oxidation\n({refs('mitragynine', '7-hydroxymitragynine', per_line=1)})",
        (0.0, 0.84),
        ha="left",
    )
    arrow(
        (0.67, 0.79),
        (0.83, 0.64),
        f"in human plasma, in vitro\n({refs('7-hydroxymitragynine', 'mitragynine pseudoindoxyl')})",
        (0.98, 0.76),
        ha="right",
    )
    arrow(
        (0.25, 0.5),
        (0.72, 0.5),
        f"CYP3A rearrangement, in mice\n({refs('mitragynine', 'mitragynine pseudoindoxyl')})",
        (0.485, 0.58),
        style="--",
    )
    arrow(
        (0.17, 0.39),
        (0.36, 0.16),
        f"O-demethylation\n({refs('mitragynine', '9-O-demethylmitragynine')})",
        (0.03, 0.25),
        colour=OKABE_ITO["grey"],
        ha="left",
    )
    ax.set_title("Two metabolites, each more potent than mitragynine in tissue")
    return fig


# --- 2. binding and potency, apart -----------------------------------------------------------------


def _binding_potency_facts() -> dict:
    binding = receptors.binding_table()
    potency = receptors.tissue_potency_table()
    return {
        "n_binding": len(binding),
        "binding_span": receptors.orders_of_magnitude(binding["value_nM"]),
        "potency_span": receptors.orders_of_magnitude(potency["EC50_nM"]),
        "n_secondary": int((binding["provenance"] == "secondary").sum()),
        "n_derived": int(potency["derived"].sum()),
    }


@register(
    "02_binding_and_potency",
    notebook=NOTEBOOK,
    caption=(
        "Binding constants (left, {n_binding} values) span {binding_span:.1f} orders of magnitude and tissue "
        "potencies (right) {potency_span:.1f}; they measure different things (affinity, and affinity combined with "
        "efficacy in a tissue) and are drawn on separate axes. The two mu-opioid values, marked disputed, are one "
        "abstract's pair as printed, probably transposed (disagreement d01 in data/disagreements.csv). Filled markers are primary values, open markers secondary ones "
        "({n_secondary} so far), half-filled markers are derived here from a reported ratio ({n_derived})."
    ),
    sources="data/receptor_values.csv (obeng2021, obeng2024, horie2005); data/disagreements.csv (d01)",
    alt=(
        "Two panels side by side with logarithmic concentration axes in nM. Left, 'Binding: Ki': one row per value, "
        "for mitragynine and 7-hydroxymitragynine at the mu-opioid receptor (as printed, marked disputed) and for lofexidine, "
        "epinephrine and mitragynine at the alpha2A receptor, spanning {binding_span:.1f} orders of magnitude. Right, "
        "'Function in guinea-pig ileum: EC50': 7-OH as reported (filled marker) and, as half-filled markers, "
        "mitragynine and morphine derived from the same paper's potency ratios. Each compound keeps its colour and "
        "marker shape."
    ),
    facts=_binding_potency_facts,
)
def plot_binding_and_potency():
    binding = receptors.binding_table()
    potency = receptors.tissue_potency_table()
    fig, (left, right) = plt.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]}, layout="constrained")
    labels = []
    for y, row in enumerate(binding.itertuples()):
        _draw_value(left, row.value_nM, y, row.compound, row.provenance)
        labels.append(
            f"{_short(row.compound)} · {RECEPTOR_SHORT[row.receptor]}" + ("\n(as printed, disputed)" if row.disputed else "")
        )
    left.set_yticks(range(len(binding)), labels)
    left.set_ylim(-0.6, len(binding) - 0.4)
    left.set_xscale("log")
    left.set_xlim(binding["value_nM"].min() / 3, binding["value_nM"].max() * 3)
    left.set_xlabel("Ki, nM (log scale; lower = tighter binding)")
    left.set_title("Binding: Ki (affinity)")
    plabels = []
    for y, row in enumerate(potency.itertuples()):
        _draw_value(right, row.EC50_nM, y, row.compound, row.provenance, derived=row.derived)
        plabels.append(_short(row.compound) + (" (derived)" if row.derived else ""))
    right.set_yticks(range(len(potency)), plabels)
    right.set_ylim(-0.6, len(potency) - 0.4)
    right.set_xscale("log")
    right.set_xlim(potency["EC50_nM"].min() / 3, potency["EC50_nM"].max() * 3)
    right.set_xlabel("EC50 in ileum, nM (log scale; from pD2)")
    right.set_title("Function in guinea-pig ileum: EC50 (potency)")
    fig.suptitle("Affinity and potency are different measurements: read them on separate axes")
    _provenance_legend(fig, with_derived=True)
    return fig


# --- 3. the disputed abstract as two scenarios ----------------------------------------------------


def _scenario_facts() -> dict:
    return {
        "fold": receptors.affinity_fold(),
        "mg_peak": receptors.peak_plasma_nm("mitragynine"),
        "oh_peak": receptors.peak_plasma_nm("7-hydroxymitragynine"),
    }


@register(
    "02_d01_scenarios",
    notebook=NOTEBOOK,
    caption=(
        "In the base case (the Obeng 2021 abstract's two values transposed, as the evidence favours) 7-OH binds "
        "{fold:.1f} times more tightly than mitragynine; read as printed, a probable slip, mitragynine binds that much "
        "more tightly. Dots mark each alkaloid's peak total plasma concentration "
        "after one dose of leaf tea (Tanna 2022, read in the Tanna 2023 review: {mg_peak:.0f} and {oh_peak:.0f} nM); "
        "the reading decides which alkaloid occupies more mu receptors. Modelled; not a dose guide; free "
        "concentrations are lower than total ones."
    ),
    sources="data/receptor_values.csv (obeng2021); data/disagreements.csv (d01); data/pk_parameters.csv (tanna2022 via tanna2023); kratom_course.receptors",
    alt=(
        "Two panels side by side, each with two S-shaped occupancy curves (mitragynine and 7-OH, each in its own "
        "colour and line style) against concentration on a log axis. Left panel, the base case 'transposed': the 7-OH "
        "curve lies to the left. Right panel 'as printed': the curves swap places. In each panel a dot on each curve marks that "
        "alkaloid's peak plasma concentration, {mg_peak:.0f} nM for mitragynine and {oh_peak:.0f} nM for 7-OH."
    ),
    facts=_scenario_facts,
)
def plot_d01_scenarios():
    table = receptors.scenario_table()
    fig, axes = plt.subplots(1, 2, sharey=True, layout="constrained")
    conc = np.logspace(-1, 4.5, 221)
    for ax, reading in zip(axes, receptors.READINGS):
        rows = table[table["reading"] == reading]
        curves = receptors.occupancy_curves(dict(zip(rows["compound"], rows["ki_nM"])), conc_nm=conc)
        for row in rows.itertuples():
            shape = look("compound", row.compound)
            ax.plot(
                curves.index,
                curves[row.compound],
                color=shape.colour,
                linestyle=shape.linestyle,
                linewidth=3,
                label=f"{_short(row.compound)}: Ki {row.ki_nM:g} nM",
            )
            ax.scatter(
                [row.peak_nM],
                [row.occupancy_at_peak],
                marker=shape.marker,
                s=140,
                color=shape.colour,
                edgecolors="black",
                zorder=4,
            )
        ax.set_xscale("log")
        ax.set_xlabel("concentration, nM (log scale)")
        ax.set_title({"transposed": "Base case: transposed", "as printed": "As printed (probable slip)"}[reading])
        ax.legend(loc="upper left", fontsize=11)
    axes[0].set_ylabel("fraction of MOR occupied")
    axes[0].set_ylim(0, 1.02)
    fig.suptitle("Which alkaloid occupies more mu receptors depends on how one abstract is read")
    return fig


# --- 4. efficacy: the operational model ------------------------------------------------------------


def _operational_facts() -> dict:
    taus = receptors.taus_shown()
    plateaus = [float(max_response(t)) for t in taus]
    return {
        "tau_list": ", ".join(f"{t:g}" if t >= 1 else f"{t:.2f}" for t in taus),
        "plateau_list": ", ".join(f"{p:.0%}" for p in plateaus),
        "tau_7oh": receptors.tau_7oh(),
        "emax_7oh": receptors.emax_7oh_fraction(),
    }


@register(
    "02_operational_model",
    notebook=NOTEBOOK,
    caption=(
        "Efficacy, not affinity, sets the ceiling: with the same affinity, agonists with tau {tau_list} plateau at "
        "{plateau_list} of the system maximum; tau {tau_7oh:.2f} matches 7-OH's Emax of {emax_7oh:.1%} in one "
        "GTPγS assay."
    ),
    sources="kratom_course.pharmacology.operational_response (Black and Leff operational model); 7-OH Emax from data/receptor_values.csv (obeng2021)",
    alt=(
        "Four response curves against concentration on a log axis, all with the same affinity; efficacies tau "
        "{tau_list} give plateaus of {plateau_list} of the maximum. Each curve has its own colour and line style; "
        "the curve with tau {tau_7oh:.2f} is labelled as matching the maximum reported for 7-hydroxymitragynine."
    ),
    facts=_operational_facts,
)
def plot_operational_model():
    curves = receptors.operational_curves()
    colours = [OKABE_ITO[k] for k in ("sky_blue", "vermillion", "bluish_green", "black")]
    styles = [":", "--", "-.", "-"]
    fig, ax = plt.subplots()
    for tau, colour, style in zip(curves.columns, colours, styles):
        shown = f"{tau:g}" if tau >= 1 else f"{tau:.2f}"
        label = f"tau = {shown}" + (" (like 7-OH's Emax)" if tau == receptors.tau_7oh() else "")
        ax.plot(curves.index.to_numpy(), curves[tau].to_numpy(), color=colour, linestyle=style, linewidth=3, label=label)
    ax.set_xscale("log")
    ax.set_ylim(0, 105)
    ax.set_xlabel(
        f"agonist concentration, nM (log scale; affinity constant $K_A$ = {receptors.OPERATIONAL_EXAMPLE_KA_NM:g} nM for every curve)"
    )
    ax.set_ylabel("response, % of system maximum")
    ax.set_title("Same affinity, different efficacy: partial agonists plateau low")
    ax.legend(loc="center right", bbox_to_anchor=(1.0, 0.62))
    return fig


# --- 5. precipitated withdrawal ------------------------------------------------------------------


def _precipitation_facts() -> dict:
    facts = receptors.precipitation_facts()
    facts["ratio"] = facts["k_low"] / facts["k_high"]
    return facts


@register(
    "02_precipitated_withdrawal",
    notebook=NOTEBOOK,
    caption=(
        "Modelled with illustrative parameters, not any drug's measured values: with a full agonist occupying "
        "{full_occupancy:.0%} of receptors the response is {full_alone:.0%} of maximum; adding a partial agonist "
        "with 7-OH's efficacy pulls it down towards that agonist's own ceiling of {partial_ceiling:.0%}, and the "
        "{ratio:.0f} times higher its affinity, the {ratio:.0f} times lower the concentration at which it does so. "
        "In someone dependent on the full agonist, this drop is what precipitates withdrawal."
    ),
    sources="kratom_course.receptors.two_agonist_response (operational model, two agonists competing); tau from the 7-OH Emax in data/receptor_values.csv (obeng2021); affinities illustrative",
    alt=(
        "Two falling curves of total receptor response (percent of maximum) against the concentration of an added "
        "partial agonist on a log axis. Both start at the full agonist's level of {full_alone:.0%} (dashed line) and "
        "fall to the partial agonist's ceiling of {partial_ceiling:.0%} (dotted line); the high-affinity curve falls "
        "at concentrations {ratio:.0f} times lower than the low-affinity curve."
    ),
    facts=_precipitation_facts,
)
def plot_precipitated_withdrawal():
    facts = _precipitation_facts()
    curves = receptors.precipitation_curves()
    fig, ax = plt.subplots()
    styles = {
        "high affinity": (OKABE_ITO["vermillion"], "-", facts["k_high"]),
        "low affinity": (OKABE_ITO["blue"], "--", facts["k_low"]),
    }
    for name, (colour, style, k) in styles.items():
        ax.plot(
            curves.index,
            100 * curves[name],
            color=colour,
            linestyle=style,
            linewidth=3,
            label=f"added partial agonist, {name} (affinity constant $K_A$ = {k:g} nM, illustrative)",
        )
    ax.axhline(100 * facts["full_alone"], color="black", linestyle="--", linewidth=1.5, label="full agonist alone")
    ax.axhline(100 * facts["partial_ceiling"], color="grey", linestyle=":", linewidth=2, label="partial agonist's own ceiling")
    ax.set_xscale("log")
    ax.set_ylim(0, 105)
    ax.set_xlabel("concentration of the added partial agonist, nM (log scale)")
    ax.set_ylabel("total response, % of system maximum")
    ax.set_title("A high-affinity partial agonist pulls the response down to its own ceiling")
    ax.legend(loc="lower left", fontsize=11)
    return fig
