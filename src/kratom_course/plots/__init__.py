"""Drawing, and only drawing: every figure of the course, registered with its caption.

Each module in this package draws what a domain module computed (it never computes a model
result itself) and registers each figure with `@register(...)`. The registry fills itself by
importing every module of the package, so adding a figure module needs no list to be edited.

Captions and alt text are templates: numbers in them are `{named}` fields filled by the
figure's `facts()` function from data/ or the models, never typed (a test checks this).
Notebooks call `plots.show(name)`; `python -m kratom_course figures` writes every figure to
figures/ as SVG and PNG, byte for byte reproducible (fixed hash salt, no dates in metadata).
"""

from __future__ import annotations

import base64
import errno
import html
import importlib
import io
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.pyplot as plt

from .. import outputs
from ..paths import figures_dir
from .style import HATCHES, MARKERS, OKABE_ITO, PALETTE, PNG_DPI, SVG_HASH_SALT, apply_style, look  # noqa: F401

SVG_METADATA = {"Date": None, "Creator": "kratom_course"}
PNG_METADATA = {"Software": "kratom_course"}


@dataclass(frozen=True)
class FigureSpec:
    name: str
    draw: Callable[[], plt.Figure]
    caption_template: str
    sources: str
    alt_template: str
    notebook: str
    facts: Callable[[], dict] = field(default=dict)

    @property
    def caption(self) -> str:
        return self.caption_template.format(**self.facts())

    @property
    def alt(self) -> str:
        return self.alt_template.format(**self.facts())


_REGISTRY: dict[str, FigureSpec] = {}


def register(name: str, *, caption: str, sources: str, alt: str, notebook: str, facts: Callable[[], dict] | None = None):
    """Decorator: register a no-argument function that returns a matplotlib Figure.

    `caption` and `alt` may hold `{field}` placeholders that `facts()` fills from data/ or a model.
    """

    def decorate(func):
        _REGISTRY[name] = FigureSpec(name, func, caption, sources, alt, notebook, facts or dict)
        return func

    return decorate


def registry() -> dict[str, FigureSpec]:
    """Every registered figure, by name (imports every module of this package once)."""
    for module in pkgutil.iter_modules(__path__):
        if module.name != "style":
            importlib.import_module(f"{__name__}.{module.name}")
    return dict(sorted(_REGISTRY.items()))


def spec(name: str) -> FigureSpec:
    specs = registry()
    if name not in specs:
        raise KeyError(f"no figure named {name!r}; known figures: {', '.join(specs)}")
    return specs[name]


def draw(name: str):
    """Draw a registered figure in the course style and return it."""
    apply_style()
    return spec(name).draw()


def show(name: str) -> None:
    """Draw a registered figure and display it inline with its alt text attached and its caption under it.

    The figure goes out as one HTML `<figure>`: the PNG carries the alt text as its `alt` attribute
    (read by screen readers in JupyterLab and kept by the static site), and the caption line holds
    the take-away (with its computed numbers) and the data files and reference ids it draws on.
    """
    from IPython.display import display

    figure = spec(name)
    fig = draw(name)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata=PNG_METADATA, bbox_inches="tight")
    plt.close(fig)  # displayed once, as the HTML below, not again by the inline backend
    display({"text/html": figure_html(figure, buffer.getvalue()), "text/plain": caption_text(figure)}, raw=True)


def caption_text(figure: FigureSpec) -> str:
    return f"Figure: {figure.caption}\nSources: {figure.sources}"


def figure_html(figure: FigureSpec, png: bytes) -> str:
    """A `<figure>` with the PNG inline (alt text attached) and the caption and sources beneath."""
    source = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return (
        f'<figure class="course-figure" id="figure-{figure.name}">'
        f'<img src="{source}" alt="{html.escape(figure.alt)}" style="max-width:100%">'
        f"<figcaption><b>Figure:</b> {html.escape(figure.caption)}<br>"
        f"<b>Sources:</b> {html.escape(figure.sources)}</figcaption></figure>"
    )


def stacked_bars(ax, table, look_of, label_of=str, horizontal: bool = False):
    """Draw `table` (rows = bars, columns = stacked segments) with each column's fixed look; return bar totals.

    `look_of(column)` gives the column's Look (colour and hatch), `label_of(column)` its legend label.
    Vertical bars stand at the table's index; horizontal bars at 0, 1, 2, ... in row order.
    """
    import numpy as np

    base = np.zeros(len(table))
    positions = np.arange(len(table)) if horizontal else table.index
    draw_bars = ax.barh if horizontal else ax.bar
    for column in table.columns:
        style = look_of(column)
        offset = {"left": base} if horizontal else {"bottom": base}
        draw_bars(
            positions,
            table[column],
            color=style.colour,
            hatch=style.hatch,
            edgecolor="white",
            linewidth=0.5,
            label=label_of(column),
            **offset,
        )
        base = base + table[column].to_numpy()
    return base


def save(fig, name: str, directory: Path | None = None) -> list[Path]:
    """Write `fig` as name.svg and name.png with fixed metadata; return the paths written."""
    directory = Path(directory or figures_dir())
    directory.mkdir(parents=True, exist_ok=True)
    with plt.rc_context({"svg.hashsalt": SVG_HASH_SALT}):
        svg, png = directory / f"{name}.svg", directory / f"{name}.png"
        fig.savefig(svg, format="svg", metadata=SVG_METADATA, bbox_inches="tight")
        fig.savefig(png, format="png", metadata=PNG_METADATA, dpi=PNG_DPI, bbox_inches="tight")
    return [svg, png]


def export_all(directory: Path | None = None) -> list[Path]:
    """Draw and save every registered figure, and write the README that lists them, all at once: the
    folder is replaced whole when every figure is drawn, and left as it was if any fails."""
    directory = Path(directory or figures_dir())
    _refuse_foreign_files(directory)
    names = []
    with outputs.writing_folder(directory) as tmp:
        for name in registry():
            fig = draw(name)
            names += [p.name for p in save(fig, name, tmp)]
            plt.close(fig)
        (tmp / "README.md").write_text(figures_readme(), encoding="utf-8")
    return [directory / name for name in [*names, "README.md"]]


def _refuse_foreign_files(directory: Path) -> None:
    """`figures` replaces its folder whole; refuse a folder holding anything it would not write."""
    if not directory.is_dir():
        return
    foreign = sorted(
        p.name for p in directory.iterdir() if not (p.is_file() and (p.suffix in (".svg", ".png") or p.name == "README.md"))
    )
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise FileExistsError(
            errno.EEXIST,
            f"holds files other than figures ({shown}), which replacing it would delete; choose a new or empty folder",
            str(directory),
        )


def figures_readme() -> str:
    lines = [
        "# Figures",
        "",
        "Written by `python -m kratom_course figures` from the registered figures in the helper",
        "package; do not edit by hand. Each figure exists as SVG (for slides, byte-for-byte",
        "reproducible) and PNG (150 dpi). Palette: Okabe-Ito (colour-blind safe), with markers or",
        "hatches so that no information is carried by colour alone.",
        "",
        "| figure | notebook | caption | sources | alt text |",
        "|---|---|---|---|---|",
    ]
    for figure in registry().values():
        cells = [
            f"`{figure.name}` ([svg]({figure.name}.svg), [png]({figure.name}.png))",
            figure.notebook,
            figure.caption,
            figure.sources,
            figure.alt,
        ]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines) + "\n"
