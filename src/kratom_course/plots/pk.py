"""Figures of notebook 03: drawing only. Every number drawn or stated comes from `exposure`."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyBboxPatch

from .. import exposure, pk
from . import OKABE_ITO, look, register

NOTEBOOK = "03_from_leaf_to_plasma"
MG = look("compound", "mitragynine")
OH = look("compound", "7-hydroxymitragynine")
MODEL_LOOKS = {
    "one_compartment": {"colour": OKABE_ITO["grey"], "linestyle": "--", "label": "one compartment"},
    "two_compartment": {"colour": MG.colour, "linestyle": "-", "label": "two compartments"},
}
SCENARIO_TITLES = {"as printed": "Ki as printed", "transposed": "Ki transposed"}


# --- 1. the chain -----------------------------------------------------------------------------


@register(
    "03_chain",
    notebook=NOTEBOOK,
    caption=(
        "From leaf to receptor, each step carries its own uncertainty: leaf content, extraction, absorption, "
        "distribution, protein binding, brain entry and affinity. Modelled; not a dose guide."
    ),
    sources="data/alkaloid_content.csv (sengnon2023, grundmann2023); data/pk_parameters.csv (tanna2022 via tanna2023); "
    "data/compound_properties.csv (ya2019); data/receptor_values.csv (obeng2021)",
    alt=(
        "Six boxes in a row joined by arrows: leaf, gut, plasma, free drug, brain, receptor. Under each box a short "
        "line says what data/ holds for that step, from leaf content in percent through protein binding to the two "
        "readings of mitragynine's mu-opioid Ki; the gut and brain boxes say the value was not measured in people."
    ),
)
def plot_chain():
    steps = exposure.chain_steps()
    fig, ax = plt.subplots(figsize=(14, 3.4))
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0.05, 0.9)
    n = len(steps)
    width, gap = 0.125, (1 - 0.125 * len(steps)) / (len(steps) + 1)
    for i, row in enumerate(steps.itertuples()):
        x = gap + i * (width + gap)
        unknown = "not measured" in row.what or "no brain value" in row.what
        ax.add_patch(
            FancyBboxPatch(
                (x, 0.62),
                width,
                0.24,
                boxstyle="round,pad=0.01",
                linewidth=2,
                edgecolor=MG.colour,
                facecolor="white",
                hatch="//" if unknown else "",
                linestyle="--" if unknown else "-",
            )
        )
        ax.text(x + width / 2, 0.73, row.step, ha="center", va="center", fontsize=15, weight="bold")
        ax.text(x + width / 2, 0.52, textwrap.fill(row.what, 19), ha="center", va="top", fontsize=10.5)
        if i < n - 1:
            ax.annotate(
                "",
                xy=(x + width + gap - 0.004, 0.73),
                xytext=(x + width + 0.004, 0.73),
                arrowprops={"arrowstyle": "-|>", "color": "black", "linewidth": 2},
            )
    ax.set_title("Leaf to receptor: six steps, each with its own uncertainty (dashed: not measured in people)")
    return fig


# --- 2. leaf to milligrams --------------------------------------------------------------------

LEAF_AXIS_G = 8.0


def _leaf_facts() -> dict:
    table = exposure.leaf_mitragynine_table()
    low, high = exposure.leaf_content_range_percent()
    return {
        "mg_low": table["mg_at_low"].min(),
        "mg_high": table["mg_at_high"].max(),
        "fold": exposure.leaf_fold_range(),
        "low": low,
        "high": high,
        "dose": exposure.observed().dose_mg,
        "max_g": LEAF_AXIS_G,
    }


@register(
    "03_leaf_to_mitragynine",
    notebook=NOTEBOOK,
    caption=(
        "The same 2-6 g of dried leaf can hold anywhere from about {mg_low:.0f} to about {mg_high:.0f} mg of "
        "mitragynine, a {fold:.0f}-fold range, before anything about absorption is known."
    ),
    sources="data/alkaloid_content.csv (dried leaf, sengnon2023); the dose of the Tanna 2022 study from data/pk_parameters.csv (tanna2022 via tanna2023)",
    alt=(
        "Shaded band of milligrams of mitragynine against grams of dried leaf from 0 to {max_g:g} g, bounded by a dashed line "
        "for the lowest ({low:g}% w/w) and a solid line for the highest ({high:g}% w/w) published leaf content; the "
        "article's 2-6 g range is hatched; a diamond marks the {dose:g} mg in 2 g given in a pharmacokinetic study."
    ),
    facts=_leaf_facts,
)
def plot_leaf_to_mitragynine():
    facts = _leaf_facts()
    low, high = facts["low"], facts["high"]
    grams = np.linspace(0, LEAF_AXIS_G, 81)
    fig, ax = plt.subplots()
    ax.fill_between(
        grams,
        pk.leaf_to_alkaloid_mg(grams, low),
        pk.leaf_to_alkaloid_mg(grams, high),
        color=MG.colour,
        alpha=0.15,
        label="range of published leaf content",
    )
    ax.plot(grams, pk.leaf_to_alkaloid_mg(grams, high), color=MG.colour, linewidth=3, label=f"highest content, {high:g}% w/w")
    ax.plot(
        grams,
        pk.leaf_to_alkaloid_mg(grams, low),
        color=MG.colour,
        linewidth=3,
        linestyle="--",
        label=f"lowest content, {low:g}% w/w",
    )
    ax.axvspan(
        *exposure.ARTICLE_RANGE_G, facecolor="none", edgecolor="0.75", hatch="//", linewidth=0, label="the article's 2-6 g"
    )
    ax.scatter(
        [2.0],
        [facts["dose"]],
        marker="D",
        s=120,
        color=OKABE_ITO["vermillion"],
        zorder=4,
        label=f"PK study: {facts['dose']:g} mg in 2 g (Tanna 2022)",
    )
    ax.set_xlabel("dried leaf, g")
    ax.set_ylabel("mitragynine, mg")
    ax.set_title(f"2-6 g of leaf: a {facts['fold']:.0f}-fold range of mitragynine")
    ax.legend(loc="upper left")
    return fig


# --- 3. the model check -----------------------------------------------------------------------


def _check_facts() -> dict:
    check = exposure.model_check()
    return {
        "auc_factor": check.loc["AUC (nM*h)", "one / observed"],
        "auc_obs": check.loc["AUC (nM*h)", "observed"],
        "auc_one": check.loc["AUC (nM*h)", "one_compartment"],
        "dose": exposure.observed().dose_mg,
        "cmax": exposure.observed().cmax_nm,
        "t_half": exposure.observed().t_half_h,
        "ka": exposure.ASSUMED_KA_PER_H,
        "day_fall": exposure.first_day_fall(24.0),
    }


@register(
    "03_model_check",
    notebook=NOTEBOOK,
    caption=(
        "Same peak, same terminal half-life, {auc_factor:.0f}-fold different exposure: a one-compartment curve "
        "matched to the peak implies an AUC of {auc_one:,.0f} nM·h where the study measured {auc_obs:.0f}; a "
        "two-compartment curve fitted to all four statistics falls fast first and then slowly. Modelled."
    ),
    sources="kratom_course.exposure.model_check, pk.calibrate_two_compartment (ka assumed: exposure.ASSUMED_KA_PER_H); "
    "data/pk_parameters.csv (tanna2022 via tanna2023)",
    alt=(
        "Log-scale plot of modelled plasma mitragynine in nM over five days after {dose:g} mg: a dashed grey "
        "one-compartment curve stays high for days, a solid blue two-compartment curve falls about {day_fall:.0f}-fold "
        "from its peak within the first day and then declines slowly, almost in parallel; a diamond marks the observed median peak of {cmax:g} nM."
    ),
    facts=_check_facts,
)
def plot_model_check():
    facts = _check_facts()
    curves = exposure.single_dose_curves(np.linspace(0.05, 120, 1200))
    fig, ax = plt.subplots()
    for model in ("one_compartment", "two_compartment"):
        style = MODEL_LOOKS[model]
        ax.plot(
            curves["t_h"],
            curves[f"{model}_nM"],
            color=style["colour"],
            linestyle=style["linestyle"],
            linewidth=3,
            label=style["label"],
        )
    obs = exposure.observed()
    ax.scatter(
        [obs.tmax_h],
        [obs.cmax_nm],
        marker="D",
        s=130,
        color=OKABE_ITO["vermillion"],
        zorder=4,
        label=f"observed median peak ({obs.cmax_nm:g} nM at {obs.tmax_h:g} h)",
    )
    ax.set_yscale("log")
    ax.set_ylim(0.5, 200)
    ax.set_xlabel("time after one dose, h")
    ax.set_ylabel("plasma mitragynine, nM (log scale)")
    ax.set_title(f"Same peak and half-life, {facts['auc_factor']:.0f}-fold different exposure (AUC)")
    ax.legend(loc="upper right")
    return fig


# --- 4. repeated dosing -----------------------------------------------------------------------


def _repeat_facts() -> dict:
    acc = exposure.accumulation_table(24.0)["two_compartment"]
    return {
        "peak": acc["peak"],
        "trough": acc["trough"],
        "dose": exposure.observed().dose_mg,
        "t_half": exposure.observed().t_half_h,
    }


@register(
    "03_single_and_repeated",
    notebook=NOTEBOOK,
    caption=(
        "With the two-compartment model, the same dose every day raises troughs {trough:.2f}-fold but "
        "peaks only {peak:.2f}-fold: the slow phase (half-life {t_half:g} h) lifts the floor, not the peak. "
        "Modelled; not a dose guide."
    ),
    sources="kratom_course.exposure.repeated_dosing_curves and accumulation_table (two-compartment model, superposition); "
    "data/pk_parameters.csv (tanna2022 via tanna2023)",
    alt=(
        "Plot of modelled plasma mitragynine in nM over ten days on a log scale: a dashed line for one dose of "
        "{dose:g} mg that peaks and falls quickly, then slowly; a solid saw-tooth line for the same dose every day, "
        "whose peaks stay nearly level while the troughs between them climb over the first week."
    ),
    facts=_repeat_facts,
)
def plot_single_and_repeated():
    facts = _repeat_facts()
    curves = exposure.repeated_dosing_curves()
    days = curves["t_h"] / 24
    # The curves start at exactly 0 nM, which a log axis cannot place: leave that point out, so the drawn
    # line starts at the first sample and does not depend on how a renderer clips log(0).
    curves = curves.where(curves > 0)
    fig, ax = plt.subplots()
    ax.plot(days, curves["repeated_nM"], color=MG.colour, linewidth=2.5, label=f"{facts['dose']:g} mg every 24 h")
    ax.plot(
        days, curves["single_nM"], color=OKABE_ITO["grey"], linewidth=2.5, linestyle="--", label=f"one {facts['dose']:g} mg dose"
    )
    ax.set_yscale("log")
    ax.set_ylim(0.5, 200)
    ax.set_xlabel("time, days")
    ax.set_ylabel("plasma mitragynine, nM (model, log scale)")
    ax.set_title(f"Daily dosing: troughs rise {facts['trough']:.2f}-fold, peaks only {facts['peak']:.2f}-fold")
    ax.legend(loc="lower right")
    return fig


# --- 5. sampling windows ----------------------------------------------------------------------


def _window_facts() -> dict:
    fits = exposure.window_fits()
    windows = exposure.sampling_windows()
    return {
        "short": fits["window_h"].iloc[0],
        "long": fits["window_h"].iloc[-1],
        "short_ref": windows["ref_id"].iloc[0],
        "long_ref": windows["ref_id"].iloc[-1],
        "fit_short": fits["fitted_half_life_h"].iloc[0],
        "fit_long": fits["fitted_half_life_h"].iloc[-1],
        "fast": exposure.TWO_PHASE["fast_half_life_h"],
        "slow": exposure.TWO_PHASE["slow_half_life_h"],
    }


@register(
    "03_sampling_windows",
    notebook=NOTEBOOK,
    caption=(
        "The same illustrative two-phase decline sampled for {short:g} hours (as in {short_ref}) shows mostly the "
        "fast phase (fitted half-life {fit_short:.0f} h); sampled for {long:g} hours (as in {long_ref}) it finds "
        "the slow one ({fit_long:.0f} h)."
    ),
    sources="kratom_course.exposure.two_phase and window_fits (illustrative phases, exposure.TWO_PHASE); "
    "sampling windows from data/pk_parameters.csv (sampling_h of trakulsrichai2015 and tanna2022)",
    alt=(
        "Log-scale plot of a simulated two-phase concentration decline over {long:g} hours, with sampled points as "
        "circles for a {short:g}-hour study and squares for a {long:g}-hour study, and a straight fitted line for "
        "each; the short-window line falls steeply, the long-window line shallowly."
    ),
    facts=_window_facts,
)
def plot_sampling_windows():
    facts = _window_facts()
    t = np.linspace(0.25, facts["long"], 600)
    fits = exposure.window_fits()
    colours = [OKABE_ITO["orange"], MG.colour]
    fig, ax = plt.subplots()
    ax.plot(t, exposure.two_phase(t), color="grey", linewidth=2, label="true two-phase decline")
    for i, (window, half_life) in enumerate(zip(fits["window_h"], fits["fitted_half_life_h"])):
        samples = np.linspace(window / 12, window, 12)
        ax.scatter(samples, exposure.two_phase(samples), marker=["o", "s"][i], s=60, color=colours[i], zorder=3)
        last = samples[-4:]
        anchor = exposure.two_phase(last[-1])
        fit_t = np.linspace(0, facts["long"], 50) if i else np.linspace(0, 2 * window, 50)
        ax.plot(
            fit_t,
            anchor * np.exp(-np.log(2) / half_life * (fit_t - last[-1])),
            color=colours[i],
            linestyle=["--", "-."][i],
            linewidth=2.5,
            label=f"sampled for {window:g} h: fitted half-life {half_life:.0f} h",
        )
    ax.set_yscale("log")
    ax.set_ylim(0.1, 150)
    ax.set_xlabel("time after dose, h")
    ax.set_ylabel("concentration, % of initial (log scale)")
    ax.set_title("The sampling window decides which half-life you find")
    ax.legend(loc="upper right")
    return fig


# --- 6. exposure against mg of mitragynine ----------------------------------------------------

DOSE_GRID_MG = tuple(float(d) for d in np.arange(0.0, 101.0, 2.5))


def _band_facts() -> dict:
    edge = exposure.highest_dose_studied_mg()
    at_edge = exposure.exposure_by_dose((edge,)).set_index("scenario")
    return {
        "edge": edge,
        "max_dose": max(DOSE_GRID_MG),
        "printed_low": 100 * at_edge.loc["as printed", "p05"],
        "printed_high": 100 * at_edge.loc["as printed", "p95"],
        "transposed_low": 100 * at_edge.loc["transposed", "p05"],
        "transposed_high": 100 * at_edge.loc["transposed", "p95"],
        "peak_acc": exposure.accumulation_table(24.0).loc["peak", "two_compartment"],
    }


@register(
    "03_exposure_band",
    notebook=NOTEBOOK,
    caption=(
        "Modelled; not a dose guide. Peak mu-opioid receptor occupancy by free mitragynine and 7-OH after one dose, "
        "against milligrams of mitragynine, for the two readings of the disputed Ki (d01). At {edge:g} mg, the highest "
        "dose given to people in a pharmacokinetic study in data/, the 5th-95th percentiles are {printed_low:.0f}-{printed_high:.0f}% (as "
        "printed) and {transposed_low:.0f}-{transposed_high:.0f}% (transposed); beyond it the model extrapolates. "
        "Daily dosing raises peaks only about {peak_acc:.2f}-fold, so no separate band is drawn."
    ),
    sources="kratom_course.exposure.exposure_by_dose (2,000 draws, fixed seed); ranges from data/pk_parameters.csv "
    "(tanna2022 via tanna2023), data/compound_properties.csv (ya2019, chiang_nd), data/receptor_values.csv "
    "(obeng2021); highest studied dose from data/pk_parameters.csv (huestis2024)",
    alt=(
        "Two side-by-side panels, one per Ki reading, each showing a band (5th to 95th percentile) and a median line "
        "of modelled peak receptor occupancy in percent against mitragynine from 0 to {max_dose:g} mg; the part "
        "beyond {edge:g} mg is greyed and labelled as extrapolation. The band is wider in the as-printed panel."
    ),
    facts=_band_facts,
)
def plot_exposure_band():
    table = exposure.exposure_by_dose(DOSE_GRID_MG)
    edge = exposure.highest_dose_studied_mg()
    fig, axes = plt.subplots(1, 2, sharey=True, figsize=(12, 5.6))
    for ax, scenario in zip(axes, exposure.KI_SCENARIOS):
        rows = table[table["scenario"] == scenario]
        ki_mg, ki_oh = exposure.mor_ki_nm("mitragynine", scenario), exposure.mor_ki_nm("7-hydroxymitragynine", scenario)
        ax.fill_between(
            rows["dose_mg"], 100 * rows["p05"], 100 * rows["p95"], color=MG.colour, alpha=0.25, label="5th-95th percentile"
        )
        ax.plot(rows["dose_mg"], 100 * rows["median"], color=MG.colour, linewidth=3, label="median")
        ax.axvspan(edge, max(DOSE_GRID_MG), color="grey", alpha=0.18, hatch="..", linewidth=0)
        ax.text((edge + max(DOSE_GRID_MG)) / 2, 2, f"beyond {edge:g} mg:\nextrapolated", ha="center", va="bottom", fontsize=11)
        ax.set_title(f"{SCENARIO_TITLES[scenario]}: mitragynine {ki_mg:g} nM, 7-OH {ki_oh:g} nM", fontsize=13)
        ax.set_xlabel("mitragynine swallowed, mg")
        ax.set_xlim(0, max(DOSE_GRID_MG))
    axes[0].set_ylabel("modelled peak MOR occupancy, %")
    axes[0].set_ylim(0, 50)
    axes[0].legend(loc="upper left")
    fig.suptitle("Modelled; not a dose guide: the Ki reading and the inputs matter more than any one number")
    return fig


# --- 7. tornado -------------------------------------------------------------------------------

TORNADO_DOSE_MG = 25.0


def _tornado_facts() -> dict:
    table = exposure.sensitivity(TORNADO_DOSE_MG)
    return {
        "dose": TORNADO_DOSE_MG,
        "top": table["input"].iloc[0].split(" (")[0],
        "base": 100 * table["baseline"].iloc[0],
        "swing": 100 * table["swing"].iloc[0],
    }


@register(
    "03_tornado",
    notebook=NOTEBOOK,
    caption=(
        "Which input moves modelled peak MOR occupancy most at {dose:g} mg daily? The {top} (a swing of "
        "{swing:.0f} percentage points around {base:.0f}%); the terminal half-life barely matters for the peak. "
        "Modelled; not a dose guide."
    ),
    sources="kratom_course.exposure.sensitivity (each input at the ends of its data range, the others central); "
    "data/pk_parameters.csv, data/compound_properties.csv, data/receptor_values.csv",
    alt=(
        "Horizontal bar chart, one bar per model input, sorted with the largest effect at the top; each bar spans the "
        "modelled peak occupancy in percent with that input at the low and the high end of its range, around a "
        "vertical line at the central value of {base:.0f}%."
    ),
    facts=_tornado_facts,
)
def plot_tornado():
    table = exposure.sensitivity(TORNADO_DOSE_MG).iloc[::-1]
    base = 100 * table["baseline"].iloc[0]
    fig, ax = plt.subplots()
    y = np.arange(len(table))
    low, high = 100 * table["at_low"].to_numpy(), 100 * table["at_high"].to_numpy()
    ax.barh(y, np.abs(high - low), left=np.minimum(low, high), color=MG.colour, alpha=0.6, edgecolor=MG.colour, height=0.55)
    ax.scatter(low, y, marker="o", s=70, color="black", zorder=3, label="input at its low end (Ki: as printed)")
    ax.scatter(
        high, y, marker="s", s=70, facecolor="white", edgecolor="black", zorder=3, label="input at its high end (Ki: transposed)"
    )
    ax.axvline(base, color="black", linewidth=1.5)
    span = max(high.max(), low.max()) - min(high.min(), low.min())
    ax.set_xlim(min(high.min(), low.min()) - 0.08 * span, max(high.max(), low.max()) + 0.08 * span)
    ax.set_yticks(y, [textwrap.fill(s, 28) for s in table["input"]], fontsize=11)
    ax.set_xlabel(f"modelled peak MOR occupancy at {TORNADO_DOSE_MG:g} mg daily, %")
    ax.set_title(f"The {table['input'].iloc[-1].split(' (')[0]} moves the peak most")
    ax.legend(loc="lower right", fontsize=10)
    fig.tight_layout()
    return fig
