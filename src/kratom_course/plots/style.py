"""The course's one look: palette, sizes, and a fixed colour + marker/hatch for each category.

A claim status, a level of evidence, a compound or a population has the same colour and the
same marker (points) or hatch (areas) in every figure of the course, so colour is never the only
cue and a learner who has read one figure can read the next. Okabe & Ito colour-blind-safe palette.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
PALETTE = [
    OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion", "sky_blue", "reddish_purple", "yellow", "black")
]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
HATCHES = ["", "//", "..", "xx", "\\\\", "++", "oo", "--"]

FIGURE_SIZE_IN = (10.0, 5.6)  # 16:9-ish, readable on a projector
PNG_DPI = 150
SVG_HASH_SALT = "kratom-course"


@dataclass(frozen=True)
class Look:
    """How one category is drawn everywhere: colour, marker for points, hatch for areas, line style."""

    colour: str
    marker: str
    hatch: str
    linestyle: str = "-"


def _look(colour: str, marker: str, hatch: str, linestyle: str = "-") -> Look:
    return Look(OKABE_ITO[colour], marker, hatch, linestyle)


# Claim statuses: green for support through to vermillion for contradiction.
STATUS_LOOK = {
    "supported": _look("bluish_green", "o", ""),
    "partly-supported": _look("sky_blue", "s", "//"),
    "plausible-untested": _look("yellow", "^", ".."),
    "unsupported": _look("grey", "X", "xx"),
    "contradicted": _look("vermillion", "D", "\\\\"),
    "context": _look("black", "P", "--"),
}

# Levels of evidence 1 (strongest) to 5, and references with no level.
LEVEL_LOOK = {
    1: _look("blue", "o", ""),
    2: _look("bluish_green", "s", "//"),
    3: _look("sky_blue", "^", ".."),
    4: _look("orange", "D", "xx"),
    5: _look("reddish_purple", "v", "\\\\"),
    None: _look("grey", "X", "++"),
}

# Compounds: kratom alkaloids in warm/blue tones, comparators in the rest.
COMPOUND_LOOK = {
    "mitragynine": _look("blue", "o", "", "-"),
    "7-hydroxymitragynine": _look("vermillion", "s", "//", "--"),
    "mitragynine pseudoindoxyl": _look("reddish_purple", "^", "..", "-."),
    "speciociliatine": _look("bluish_green", "v", "xx", ":"),
    "speciogynine": _look("sky_blue", "P", "++", ":"),
    "paynantheine": _look("yellow", "X", "oo", ":"),
    "morphine": _look("black", "D", "--", "-"),
    "buprenorphine": _look("orange", "*", "\\\\", "--"),
    "methadone": _look("grey", "h", "||", "-."),
    "lofexidine": _look("orange", "p", "//", ":"),
    "epinephrine": _look("grey", "d", "..", ":"),
    "9-O-demethylmitragynine": _look("grey", "o", ""),  # a metabolite drawn only as a node of the relation
}

# Populations in human studies.
POPULATION_LOOK = {
    "people who use kratom": _look("blue", "o", ""),
    "people who use opioids": _look("vermillion", "s", "//"),
    "people in opioid treatment": _look("orange", "^", ".."),
    "healthy volunteers": _look("bluish_green", "D", "xx"),
    "animals": _look("reddish_purple", "v", "\\\\"),
    "in vitro": _look("grey", "X", "++"),
    "not stated": _look("grey", "o", ""),
}

# Regulatory statuses (data/regulation.csv, order in regulation.STATUS_ORDER): from no control (green) to ban
# (black); proposals hollow-looking grey; 'unconfirmed' (a tally's jurisdictions whose latest record does not
# stand: a later change reported, or a temporary rule ended) grey with dots, not a status of any record.
REGULATION_LOOK = {
    "legal-unregulated": _look("bluish_green", "o", ""),
    "legal-regulated": _look("sky_blue", "s", "//"),
    "not-approved-for-sale": _look("yellow", "^", ".."),
    "prescription-only": _look("orange", "P", "++"),
    "supply-prohibited": _look("reddish_purple", "h", "oo"),
    "proposed-control": _look("grey", "v", "--", ":"),
    "controlled": _look("vermillion", "D", "xx"),
    "banned": _look("black", "X", "\\\\"),
    "unconfirmed": _look("grey", "o", "..."),
}

LOOKS = {
    "status": STATUS_LOOK,
    "level": LEVEL_LOOK,
    "compound": COMPOUND_LOOK,
    "population": POPULATION_LOOK,
    "regulation": REGULATION_LOOK,
}


def look(kind: str, key) -> Look:
    """The fixed look of a category: kind is 'status', 'level', 'compound', 'population' or 'regulation'.

    A category without a look is an error (never a silent grey): add it to the table above.
    """
    if kind not in LOOKS:
        raise KeyError(f"no looks of kind {kind!r}; kinds: {', '.join(LOOKS)}")
    if kind == "level" and key is not None:
        key = int(key)
    if key not in LOOKS[kind]:
        raise KeyError(f"no look for {kind} {key!r}: add it to plots/style.py ({kind.upper()}_LOOK)")
    return LOOKS[kind][key]


def apply_style() -> None:
    """Set the course's matplotlib style: fixed size, readable fonts, palette, reproducible SVG."""
    plt.rcParams.update(
        {
            "figure.figsize": FIGURE_SIZE_IN,
            "figure.dpi": 100,
            "savefig.dpi": PNG_DPI,
            "font.size": 14,
            "axes.titlesize": 16,
            "axes.labelsize": 14,
            "legend.fontsize": 12,
            "axes.prop_cycle": plt.cycler(color=PALETTE),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "svg.hashsalt": SVG_HASH_SALT,
            "svg.fonttype": "path",
            "figure.autolayout": False,
        }
    )
