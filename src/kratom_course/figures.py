"""One figure style for the course, and a registry of the figures it draws.

Every named figure is a function registered here with its caption, sources and alt text.
Notebooks call `show(name)`; `python -m kratom_course.figures` writes every registered figure to
figures/ as SVG and PNG, byte-for-byte reproducible (fixed hash salt, no dates in metadata), and
writes figures/README.md from the captions.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import matplotlib.pyplot as plt

from .paths import figures_dir

# Okabe & Ito colour-blind-safe palette; figures pair each colour with a marker or hatch too.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
PALETTE = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion", "sky_blue", "reddish_purple", "yellow", "black")]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
HATCHES = ["", "//", "..", "xx", "\\\\", "++", "oo", "--"]

FIGURE_SIZE_IN = (10.0, 5.6)  # 16:9-ish, projector friendly
PNG_DPI = 150
SVG_METADATA = {"Date": None, "Creator": "kratom_course"}
PNG_METADATA = {"Software": "kratom_course"}


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
            "svg.hashsalt": "kratom-course",
            "svg.fonttype": "path",
            "figure.autolayout": False,
        }
    )


@dataclass(frozen=True)
class FigureSpec:
    name: str
    draw: Callable[[], "plt.Figure"]
    caption: str
    sources: str
    alt: str
    notebook: str


REGISTRY: dict[str, FigureSpec] = {}

# Modules that register figures; importing them fills REGISTRY.
FIGURE_MODULES = ["kratom_course.evidence", "kratom_course.receptor_plots", "kratom_course.pk_plots"]


def register(name: str, *, caption: str, sources: str, alt: str, notebook: str):
    """Decorator: register a no-argument function that returns a matplotlib Figure."""

    def decorate(func):
        REGISTRY[name] = FigureSpec(name, func, caption, sources, alt, notebook)
        return func

    return decorate


def registry() -> dict[str, FigureSpec]:
    for module in FIGURE_MODULES:
        importlib.import_module(module)
    return dict(sorted(REGISTRY.items()))


def draw(name: str):
    """Draw a registered figure in the course style and return it."""
    apply_style()
    specs = registry()
    if name not in specs:
        raise KeyError(f"no figure named {name!r}; known figures: {', '.join(specs)}")
    return specs[name].draw()


def show(name: str) -> None:
    """Draw a registered figure and display it (in a notebook, inline)."""
    draw(name)
    plt.show()


def save(fig, name: str, directory: Path | None = None) -> list[Path]:
    """Write `fig` as name.svg and name.png with fixed metadata; return the paths written."""
    directory = Path(directory or figures_dir())
    directory.mkdir(parents=True, exist_ok=True)
    with plt.rc_context({"svg.hashsalt": "kratom-course"}):
        svg, png = directory / f"{name}.svg", directory / f"{name}.png"
        fig.savefig(svg, format="svg", metadata=SVG_METADATA, bbox_inches="tight")
        fig.savefig(png, format="png", metadata=PNG_METADATA, dpi=PNG_DPI, bbox_inches="tight")
    return [svg, png]


def export_all(directory: Path | None = None) -> list[Path]:
    """Draw and save every registered figure, and write the README that lists them."""
    directory = Path(directory or figures_dir())
    written = []
    for name in registry():
        fig = draw(name)
        written += save(fig, name, directory)
        plt.close(fig)
    readme = directory / "README.md"
    readme.write_text(figures_readme(), encoding="utf-8")
    return written + [readme]


def figures_readme() -> str:
    lines = [
        "# Figures",
        "",
        "Written by `python -m kratom_course.figures` from the registered figures in the helper",
        "package; do not edit by hand. Each figure exists as SVG (for slides, byte-for-byte",
        "reproducible) and PNG (150 dpi). Palette: Okabe-Ito (colour-blind safe), with markers or",
        "hatches so that no information is carried by colour alone.",
        "",
        "| figure | notebook | caption | sources | alt text |",
        "|---|---|---|---|---|",
    ]
    for spec in registry().values():
        cells = [f"`{spec.name}` ([svg]({spec.name}.svg), [png]({spec.name}.png))", spec.notebook, spec.caption, spec.sources, spec.alt]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    # Run through the package module so that figure modules register into the same registry.
    from kratom_course import figures as _figures

    for path in _figures.export_all():
        print(path.relative_to(_figures.figures_dir().parent))
