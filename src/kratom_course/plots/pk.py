"""Figures of notebook 03: drawing only. Every number drawn or stated comes from `exposure`."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyBboxPatch

from .. import exposure
from . import OKABE_ITO, look, register

NOTEBOOK = "03_from_leaf_to_plasma"
MG = look("compound", "mitragynine")
OH = look("compound", "7-hydroxymitragynine")
MODEL_LOOKS = {
    "one_compartment": {"colour": OKABE_ITO["grey"], "linestyle": "--", "label": "one compartment"},
    "two_compartment": {"colour": MG.colour, "linestyle": "-", "label": "two compartments"},
}
SCENARIO_TITLES = {"transposed": "Base case: Ki transposed", "as printed": "Ki as printed (probable slip)"}


def stamp(fig, x: float = 0.01, y: float = -0.01, ha: str = "left") -> None:
    """Write the course's warning on the image itself (default: under the axes, left), so it travels with a screenshot."""
    fig.text(x, y, exposure.CAPTION_WARNING, ha=ha, va="top", fontsize=13, style="italic", color="0.25")


# --- 1. the chain -----------------------------------------------------------------------------


@register(
    "03_chain",
    notebook=NOTEBOOK,
    caption=(
        "From leaf to receptor, each step carries its own uncertainty: leaf content, extraction, absorption, "
        "distribution, protein binding, brain entry and affinity. The mu-opioid Ki values are the base-case reading "
        "of one disputed abstract. Modelled; not a dose guide."
    ),
    sources="data/alkaloid_content.csv (sengnon2023, grundmann2023); data/pk_parameters.csv (tanna2022 via tanna2023; "
    "hepatic_flow_cp1979); data/compound_properties.csv (ya2019); data/receptor_values.csv (obeng2021; d01 in "
    "data/disagreements.csv)",
    alt=(
        "Six boxes in a row joined by arrows: leaf, gut, plasma, free drug, brain, receptor. Under each box a short "
        "line says what data/ holds for that step, from leaf content in percent through protein binding to the "
        "mu-opioid Ki of mitragynine and 7-OH; the gut and brain boxes are dashed and grey because the value was "
        "not measured in people. A note under the boxes reads: Modelled; not a dose guide."
    ),
)
def plot_chain():
    steps = exposure.chain_steps()
    fig, ax = plt.subplots(figsize=(14, 3.9))
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0.2, 0.9)
    n = len(steps)
    width, gap = 0.125, (1 - 0.125 * len(steps)) / (len(steps) + 1)
    for i, row in enumerate(steps.itertuples()):
        x = gap + i * (width + gap)
        unknown = not row.measured_in_people
        ax.add_patch(
            FancyBboxPatch(
                (x, 0.62),
                width,
                0.24,
                boxstyle="round,pad=0.01",
                linewidth=2,
                edgecolor=MG.colour,
                facecolor="0.9" if unknown else "white",
                linestyle="--" if unknown else "-",
            )
        )
        ax.text(x + width / 2, 0.73, row.step, ha="center", va="center", fontsize=15, weight="bold")
        ax.text(x + width / 2, 0.55, textwrap.fill(row.what, 18), ha="center", va="top", fontsize=12)
        if i < n - 1:
            ax.annotate(
                "",
                xy=(x + width + gap - 0.004, 0.73),
                xytext=(x + width + 0.004, 0.73),
                arrowprops={"arrowstyle": "-|>", "color": "black", "linewidth": 2},
            )
    ax.set_title("Leaf to receptor: six steps, each with its own uncertainty (dashed, grey: not measured in people)")
    stamp(fig, x=0.5, y=0.08, ha="center")
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
    band = exposure.leaf_band(np.linspace(0, LEAF_AXIS_G, 81))
    grams = band["leaf_g"].to_numpy()
    fig, ax = plt.subplots()
    ax.fill_between(
        grams,
        band["mg_low"].to_numpy(),
        band["mg_high"].to_numpy(),
        color=MG.colour,
        alpha=0.15,
        label="range of published leaf content",
    )
    ax.plot(grams, band["mg_high"].to_numpy(), color=MG.colour, linewidth=3, label=f"highest content, {high:g}% w/w")
    ax.plot(
        grams,
        band["mg_low"].to_numpy(),
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
        "two-compartment curve fitted to all four statistics falls fast first and then slowly. Modelled; not a dose guide."
    ),
    sources="kratom_course.exposure.model_check, pk.calibrate_two_compartment (ka assumed: exposure.ASSUMED_KA_PER_H); "
    "data/pk_parameters.csv (tanna2022 via tanna2023)",
    alt=(
        "Log-scale plot of modelled plasma mitragynine in nM over five days after {dose:g} mg: a dashed grey "
        "one-compartment curve stays high for days, a solid blue two-compartment curve falls about {day_fall:.0f}-fold "
        "from its peak within the first day and then declines slowly, almost in parallel; a diamond marks the observed median peak of {cmax:g} nM. "
        "A note under the plot reads: Modelled; not a dose guide."
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
    stamp(fig)
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
        "whose peaks stay nearly level while the troughs between them climb over the first week. A note under the "
        "plot reads: Modelled; not a dose guide."
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
    stamp(fig)
    return fig


# --- 5. sampling windows ----------------------------------------------------------------------


def _window_facts() -> dict:
    fitted = exposure.window_fits()
    illustrative = exposure.window_fits(curve="illustrative")
    windows = exposure.sampling_windows()
    return {
        "short": fitted["window_h"].iloc[0],
        "long": fitted["window_h"].iloc[-1],
        "short_study": exposure.study_label(windows["ref_id"].iloc[0]),
        "long_study": exposure.study_label(windows["ref_id"].iloc[-1]),
        "fit_short": fitted["fitted_half_life_h"].iloc[0],
        "fit_long": fitted["fitted_half_life_h"].iloc[-1],
        "ill_short": illustrative["fitted_half_life_h"].iloc[0],
        "ill_long": illustrative["fitted_half_life_h"].iloc[-1],
        "ka": exposure.ASSUMED_KA_PER_H,
        "fast": exposure.TWO_PHASE["fast_half_life_h"],
        "fast_share": exposure.TWO_PHASE["fast_amount"] / (exposure.TWO_PHASE["fast_amount"] + exposure.TWO_PHASE["slow_amount"]),
        **{f"effect_{k}": v for k, v in exposure.window_effect_summary().items()},
        "ka_low": min(exposure.KA_VALUES_PER_H),
        "ka_high": max(exposure.KA_VALUES_PER_H),
    }


@register(
    "03_sampling_windows",
    notebook=NOTEBOOK,
    caption=(
        "Left: the two-compartment model fitted to the {long:g}-hour study, at the assumed ka of {ka:g} 1/h, sampled "
        "as a {short:g}-hour study ({short_study}) would sample it, finds a half-life of about {fit_short:.0f} h "
        "({fit_long:.0f} h over {long:g} hours). But ka is not identified: at other values that fit the study "
        "equally well ({ka_low:g} to {ka_high:g} 1/h) the same {short:g} hours find from {effect_short_single_low:.0f} "
        "to {effect_short_single_high:.0f} h after one dose, so whether the window explains none or all of a shorter "
        "published half-life is not settled by these data. Right: a made-up curve with a large, slow first phase "
        "({fast_share:.0%} of it with a half-life of {fast:g} h) gives {ill_short:.0f} h against {ill_long:.0f} h. "
        "Modelled; not a dose guide."
    ),
    sources="kratom_course.exposure.calibrated_decline, window_fits and window_sensitivity (two-compartment model, "
    "ka assumed); illustrative curve exposure.TWO_PHASE; sampling windows from data/pk_parameters.csv "
    "(sampling_h of trakulsrichai2015 and tanna2022)",
    alt=(
        "Two log-scale panels of concentration in percent of the peak against hours after a dose, up to {long:g} "
        "hours. Left, the fitted model: after a fast fall within the first hours the curve declines slowly; circles "
        "sampled within {short:g} hours and squares within {long:g} hours give fitted lines with almost the same "
        "slope ({fit_short:.0f} and {fit_long:.0f} h). Right, a made-up curve with a slow first phase: the "
        "{short:g}-hour line falls steeply ({ill_short:.0f} h), the {long:g}-hour line shallowly ({ill_long:.0f} h). "
        "A note under the plot reads: Modelled; not a dose guide."
    ),
    facts=_window_facts,
)
def plot_sampling_windows():
    facts = _window_facts()
    t = np.linspace(0.25, facts["long"], 600)
    colours, markers, styles = [OKABE_ITO["orange"], MG.colour], ["o", "s"], ["--", "-."]
    fig, axes = plt.subplots(1, 2, sharey=True, figsize=(12.5, 5.6), layout="constrained")
    panels = (
        ("calibrated", exposure.calibrated_decline, f"Fitted model (ka assumed {facts['ka']:g}/h)"),
        ("illustrative", exposure.two_phase, "Made-up slow first phase (not fitted)"),
    )
    for ax, (curve_name, curve, title) in zip(axes, panels):
        fits = exposure.window_fits(curve=curve_name)
        ax.plot(t, curve(t), color="grey", linewidth=2, label="the curve")
        for i, (window, half_life) in enumerate(zip(fits["window_h"], fits["fitted_half_life_h"])):
            samples = np.linspace(window / exposure.WINDOW_SAMPLES, window, exposure.WINDOW_SAMPLES)
            ax.scatter(samples, curve(samples), marker=markers[i], s=60, color=colours[i], zorder=3)
            last = samples[-exposure.WINDOW_LAST :]
            anchor = curve(np.array([last[-1]]))[0]
            fit_t = np.linspace(0, facts["long"], 50) if i else np.linspace(0, 2 * window, 50)
            ax.plot(
                fit_t,
                anchor * np.exp(-np.log(2) / half_life * (fit_t - last[-1])),
                color=colours[i],
                linestyle=styles[i],
                linewidth=2.5,
                label=f"sampled for {window:g} h: fitted half-life {half_life:.0f} h",
            )
        ax.set_yscale("log")
        ax.set_ylim(0.1, 150)
        ax.set_xlabel("time after the dose, h")
        ax.set_title(title, fontsize=14)
        ax.legend(loc="upper right", fontsize=12)
    axes[0].set_ylabel("concentration, % of peak (log scale)")
    fig.suptitle("In the fitted model a one-day window already finds the slow phase")
    stamp(fig)
    return fig


# --- 6. exposure against mg of mitragynine ----------------------------------------------------

DOSE_GRID_MG = tuple(float(d) for d in np.arange(0.0, 101.0, 2.5))


def _band_facts() -> dict:
    edge = exposure.highest_dose_studied_mg()
    at_edge = exposure.exposure_by_dose((edge,)).set_index("scenario")
    base, other = exposure.KI_SCENARIOS
    return {
        "edge": edge,
        "max_dose": max(DOSE_GRID_MG),
        "base_low": 100 * at_edge.loc[base, "p05"],
        "base_high": 100 * at_edge.loc[base, "p95"],
        "other_low": 100 * at_edge.loc[other, "p05"],
        "other_high": 100 * at_edge.loc[other, "p95"],
        "peak_acc": exposure.accumulation_table(24.0).loc["peak", "two_compartment"],
    }


@register(
    "03_exposure_band",
    notebook=NOTEBOOK,
    caption=(
        "Modelled; not a dose guide. Peak mu-opioid receptor occupancy by free mitragynine and 7-OH after one dose, "
        "against milligrams of mitragynine: left the base case (the disputed abstract's Ki values transposed, as the "
        "evidence favours), right the values as printed, a probable slip. The band is the spread of the model's "
        "inputs (5th-95th percentile of the draws), not a population range. At {edge:g} mg, the highest dose given "
        "to people in a pharmacokinetic study in data/, it spans {base_low:.0f}-{base_high:.0f}% (base case) and "
        "{other_low:.0f}-{other_high:.0f}% (as printed); beyond it the model extrapolates. Daily dosing raises peaks "
        "only about {peak_acc:.2f}-fold, so no separate band is drawn."
    ),
    sources="kratom_course.exposure.exposure_by_dose (2,000 draws, fixed seed); ranges from data/pk_parameters.csv "
    "(tanna2022 via tanna2023), data/compound_properties.csv (ya2019, chiang_nd), data/receptor_values.csv "
    "(obeng2021; d01 in data/disagreements.csv); highest studied dose from data/pk_parameters.csv (huestis2024)",
    alt=(
        "Two side-by-side panels, the base-case Ki reading on the left and the reading as printed on the right, each "
        "showing a band (the 5th to 95th percentile of the model's input spread) and a median line of modelled peak "
        "receptor occupancy in percent against mitragynine from 0 to {max_dose:g} mg; the part beyond {edge:g} mg "
        "is greyed and labelled as extrapolation. The band is narrower and lower in the base case. A title on the "
        "image reads: Modelled; not a dose guide."
    ),
    facts=_band_facts,
)
def plot_exposure_band():
    table = exposure.exposure_by_dose(DOSE_GRID_MG)
    edge = exposure.highest_dose_studied_mg()
    fig, axes = plt.subplots(1, 2, sharey=True, figsize=(12, 6.2), layout="constrained")
    for ax, scenario in zip(axes, exposure.KI_SCENARIOS):
        rows = table[table["scenario"] == scenario]
        ki_mg, ki_oh = exposure.mor_ki_nm("mitragynine", scenario), exposure.mor_ki_nm("7-hydroxymitragynine", scenario)
        ax.fill_between(
            rows["dose_mg"],
            100 * rows["p05"],
            100 * rows["p95"],
            color=MG.colour,
            alpha=0.25,
            label="spread of the model's inputs (5th-95th percentile; not a population range)",
        )
        ax.plot(rows["dose_mg"], 100 * rows["median"], color=MG.colour, linewidth=3, label="median")
        ax.axvspan(edge, max(DOSE_GRID_MG), color="grey", alpha=0.18, hatch="..", linewidth=0)
        ax.text(
            (edge + max(DOSE_GRID_MG)) / 2,
            44,
            f"beyond {edge:g} mg:\nextrapolated",
            ha="center",
            va="bottom",
            fontsize=12,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85},
        )
        ax.set_title(f"{SCENARIO_TITLES[scenario]}\nKi: mitragynine {ki_mg:g} nM, 7-OH {ki_oh:g} nM", fontsize=13)
        ax.set_xlabel("mitragynine swallowed, mg")
        ax.set_xlim(0, max(DOSE_GRID_MG))
    axes[0].set_ylabel("modelled peak MOR occupancy, %")
    axes[0].set_ylim(0, 50)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=2, frameon=False, fontsize=12)
    fig.suptitle("Modelled; not a dose guide: the Ki reading and the inputs matter more than any one number")
    return fig


# --- 7. tornado -------------------------------------------------------------------------------

TORNADO_INTERVAL_H = 24.0  # the modelled dosing interval T of the sensitivity chart


def _tornado_dose_mg() -> float:
    """The chart is drawn at the calibration study's dose (a modelling point, not a suggested amount)."""
    return exposure.observed().dose_mg


def _tornado_facts() -> dict:
    table = exposure.sensitivity(_tornado_dose_mg(), interval_h=TORNADO_INTERVAL_H)
    return {
        "dose": _tornado_dose_mg(),
        "interval": TORNADO_INTERVAL_H,
        "top": table["input"].iloc[0].split(" (")[0],
        "second": table["input"].iloc[1].split(" (")[0],
        "base": 100 * table["baseline"].iloc[0],
        "swing": 100 * table["swing"].iloc[0],
    }


@register(
    "03_tornado",
    notebook=NOTEBOOK,
    caption=(
        "Which input moves modelled peak MOR occupancy most, at the calibration study's {dose:g} mg repeated every "
        "{interval:g} h? The {top} (a swing of {swing:.1f} percentage points around {base:.1f}% in the base case), "
        "then the {second}; the terminal half-life barely matters for the peak. Modelled; not a dose guide."
    ),
    sources="kratom_course.exposure.sensitivity (each input at the ends of its data range, the others central; "
    "base-case Ki reading); data/pk_parameters.csv, data/compound_properties.csv, data/receptor_values.csv",
    alt=(
        "Horizontal bar chart, one bar per model input, sorted with the largest effect at the top; each bar spans the "
        "modelled peak occupancy in percent with that input at the low and the high end of its range (for the Ki "
        "bar: the base-case reading and the reading as printed), around a vertical line at the base case of "
        "{base:.1f}%. A note under the plot reads: Modelled; not a dose guide."
    ),
    facts=_tornado_facts,
)
def plot_tornado():
    dose = _tornado_dose_mg()
    table = exposure.sensitivity(dose, interval_h=TORNADO_INTERVAL_H).iloc[::-1]
    base = 100 * table["baseline"].iloc[0]
    fig, ax = plt.subplots(figsize=(10.5, 5.6))
    y = np.arange(len(table))
    low, high = 100 * table["at_low"].to_numpy(), 100 * table["at_high"].to_numpy()
    ax.barh(y, np.abs(high - low), left=np.minimum(low, high), color=MG.colour, alpha=0.6, edgecolor=MG.colour, height=0.55)
    ax.scatter(low, y, marker="o", s=70, color="black", zorder=3, label="input at its low end (Ki: base case, transposed)")
    ax.scatter(
        high, y, marker="s", s=70, facecolor="white", edgecolor="black", zorder=3, label="input at its high end (Ki: as printed)"
    )
    ax.axvline(base, color="black", linewidth=1.5)
    span = max(high.max(), low.max()) - min(high.min(), low.min())
    ax.set_xlim(min(high.min(), low.min()) - 0.08 * span, max(high.max(), low.max()) + 0.08 * span)
    ax.set_yticks(y, [textwrap.fill(s, 28) for s in table["input"]], fontsize=12)
    ax.set_xlabel(f"modelled peak MOR occupancy, %  ({dose:g} mg every {TORNADO_INTERVAL_H:g} h, steady state)")
    ax.set_title(f"The {table['input'].iloc[-1].split(' (')[0]} moves the peak most")
    ax.legend(loc="lower right", fontsize=12)
    fig.tight_layout()
    stamp(fig)
    return fig
