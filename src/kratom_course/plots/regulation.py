"""Figures of notebook 08 (regulation): what the latest rules target, and the timeline of regulatory events."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import regulation
from . import register, stacked_bars
from .style import look

RECENT_FROM = "2025-01-01"


def _legend_words(status: str) -> str:
    """A status in the words of a legend, short enough to sit beside the plot."""
    return (
        regulation.status_words(status).replace(" as food, supplement or medicine", "").replace("; possession", ";\npossession")
    )


def _status_facts() -> dict:
    latest = regulation.latest_by_jurisdiction()
    effects = regulation.leaf_effects(latest).value_counts()
    on_record = latest[latest["standing"] == regulation.ON_RECORD]
    return {
        "n_jurisdictions": len(latest),
        "n_offence": int(effects.get("offence", 0)),
        "n_conditions": int(effects.get("conditions", 0)),
        "n_unrestricted": int(effects.get("unrestricted", 0)),
        "n_apart": int(effects.get(regulation.UNCONFIRMED, 0)),
        "n_supply_only": int((on_record["status"] == "supply-prohibited").sum()),
        "oldest": str(latest["as_of"].min()),
        "newest": str(latest["as_of"].max()),
    }


@register(
    "08_status_by_target",
    caption=(
        "For {n_jurisdictions} jurisdictions, the latest record: in {n_offence} it makes selling plain kratom leaf an "
        "offence (in {n_supply_only} of them only supply and import, not possession), in {n_conditions} it lets the leaf "
        "be sold with conditions, and in {n_unrestricted} it leaves the leaf unrestricted; in {n_apart} a later change "
        "was reported, or a temporary rule ended, so their status is not confirmed since the record's date and they are "
        "drawn apart (grey, dotted). Records are dated from {oldest} to {newest}; the jurisdictions are those for which a "
        "source described a rule, not a sample of the world."
    ),
    sources="data/regulation.csv (latest record per jurisdiction by as_of; target, ends and later_change columns); "
    "references in its ref_id column",
    alt=(
        "Horizontal stacked bars, one per kind of target (the plant, its alkaloids, concentrated 7-OH, product law, "
        "consumer-protection standards, psychoactive substances in general, no control, not named), counting "
        "jurisdictions by the status of their latest record, each status with its own colour and hatch, and a grey "
        "dotted segment for jurisdictions whose status is not confirmed since the record's date; the bars for the "
        "plant, the alkaloids and unnamed instruments are mostly controlled or banned, psychoactive substances in "
        "general is supply prohibited with possession not an offence, and the product-law and consumer-protection "
        "bars are legal under rules or not approved for sale."
    ),
    notebook="08_regulation",
    facts=_status_facts,
)
def plot_status_by_target():
    table = regulation.target_by_status()
    fig, ax = plt.subplots(figsize=(12.0, 5.8))
    positions = np.arange(len(table))
    left = stacked_bars(
        ax,
        table,
        look_of=lambda status: look("regulation", status),
        label_of=_legend_words,
        horizontal=True,
    )
    ax.set_yticks(positions, [regulation.TARGET_SHORT[t] for t in table.index])
    ax.invert_yaxis()
    ax.set_xlim(0, left.max() + 1)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("jurisdictions (count)")
    ax.set_ylabel("what the latest record names")
    ax.set_title("What a rule names decides what it controls")
    ax.legend(title="status (latest record)", loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=10)
    fig.tight_layout()
    return fig


def _timeline_facts() -> dict:
    events = regulation.timeline()
    recent = events[events["event_date"] >= pd.Timestamp(RECENT_FROM)]
    return {
        "n_events": len(events),
        "n_jurisdictions": events["jurisdiction"].nunique(),
        "first_year": int(events["event_date"].dt.year.min()),
        "last_year": int(events["event_date"].dt.year.max()),
        "n_recent": len(recent),
        "recent_year": pd.Timestamp(RECENT_FROM).year,
        "n_recent_7oh": int((recent["target"] == "concentrated 7-OH").sum()),
        # counted by jurisdiction too: one jurisdiction can hold several recent records (Florida's successive rules)
        "n_recent_places": recent["jurisdiction"].nunique(),
        "n_recent_places_7oh": recent.loc[recent["target"] == "concentrated 7-OH", "jurisdiction"].nunique(),
    }


def _row_offsets(events: pd.DataFrame, close_days: int = 240) -> pd.Series:
    """Small vertical offsets so that records of one jurisdiction close in time do not hide each other."""
    offsets = pd.Series(0.0, index=events.index)
    cycle = [0.0, -0.28, 0.28]
    for _, group in events.groupby("jurisdiction"):
        step, previous = 0, None
        for index, date in group["event_date"].sort_values().items():
            step = step + 1 if previous is not None and (date - previous).days < close_days else 0
            offsets[index] = cycle[step % len(cycle)]
            previous = date
    return offsets


@register(
    "08_regulatory_timeline",
    caption=(
        "{n_events} dated records from {n_jurisdictions} jurisdictions, {first_year} to {last_year}: the United "
        "States proposed federal scheduling of the alkaloids and withdrew the proposal within weeks, Thailand took "
        "kratom off its narcotics list and then regulated its sale, and {n_recent_7oh} of the {n_recent} records since {recent_year} target "
        "concentrated 7-OH; counted by jurisdiction, {n_recent_places_7oh} of the {n_recent_places} jurisdictions with a record "
        "since {recent_year} acted on concentrated 7-OH (one jurisdiction can hold several successive rules), while the "
        "others acted on the plant, its alkaloids or how it may be sold. Each point is dated by its date in force, or by the source's date where "
        "none was given."
    ),
    sources="data/regulation.csv (refs dea2016a, dea2016b, tilleke2021, tilleke2022, fda2025, mondaq2025, acslab2025, wfsu2025, "
    "sciotovalley2025, hhs2026 and the other ref_ids of the table)",
    alt=(
        "Timeline with one row per jurisdiction, international bodies and countries above, US states below, and "
        "calendar years along the horizontal axis; each record is a marker whose colour and shape give its status "
        "(not controlled, legal under product rules, not approved for sale, supply and import prohibited with possession not an offence, controlled, banned, control proposed), "
        "joined by a thin grey line within a row; markers crowd into the years after {recent_year}."
    ),
    notebook="08_regulation",
    facts=_timeline_facts,
)
def plot_regulatory_timeline():
    events = regulation.timeline()
    order = regulation.latest_by_jurisdiction()["jurisdiction"].tolist()
    rows = {name: i for i, name in enumerate(order)}
    events["y"] = events["jurisdiction"].map(rows) + _row_offsets(events)
    fig, ax = plt.subplots(figsize=(12.5, 10.5))
    for _, group in events.groupby("jurisdiction"):
        if len(group) > 1:
            group = group.sort_values("event_date")
            ax.plot(group["event_date"], group["y"], color="#BBBBBB", linewidth=1.0, zorder=1)
    shown = set()
    for _, event in events.iterrows():
        style = look("regulation", event["status"])
        label = regulation.status_words(event["status"]) if event["status"] not in shown else None
        shown.add(event["status"])
        hollow = event["status"] == regulation.PROPOSAL
        ax.scatter(
            event["event_date"],
            event["y"],
            marker=style.marker,
            s=80,
            zorder=3,
            color="white" if hollow else style.colour,
            edgecolors=style.colour if hollow else "black",
            linewidths=1.5 if hollow else 0.5,
            label=label,
        )
    ax.set_yticks(range(len(order)), order, fontsize=10)
    ax.set_ylim(len(order) - 0.4, -0.6)
    n_top = int((regulation.latest_by_jurisdiction()["level"] != "us-state").sum())
    ax.axhline(n_top - 0.5, color="black", linewidth=0.6)
    ax.text(pd.Timestamp("2003-09-01"), n_top - 0.42, "US states below the line", fontsize=9, va="top")
    ax.axvline(pd.Timestamp(RECENT_FROM), color="black", linestyle=":", linewidth=0.8)
    ax.text(pd.Timestamp(RECENT_FROM), -0.55, f"from {pd.Timestamp(RECENT_FROM).year} ", ha="right", va="top", fontsize=9)
    ax.set_xlabel("date in force, or the source's date where none was given (calendar year)")
    ax.set_title("Kratom's legal status keeps changing; recent actions go in different directions")
    handles, labels = ax.get_legend_handles_labels()
    ranks = {regulation.status_words(s): i for i, s in enumerate(regulation.STATUS_ORDER)}
    status_of_words = {regulation.status_words(s): s for s in regulation.STATUS_ORDER}
    pairs = sorted(zip(handles, labels), key=lambda p: ranks.get(p[1], 99))
    ax.legend(
        [p[0] for p in pairs],
        [_legend_words(s) for s in [status_of_words[p[1]] for p in pairs]],
        title="status in the record",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=10,
    )
    fig.tight_layout()
    return fig
