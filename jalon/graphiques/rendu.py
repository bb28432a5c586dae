"""Server-side rendering of chart specifications with vl-convert-python (no browser).

``to_svg`` serves HTML and PDF reports (WeasyPrint draws SVG), ``to_png`` serves DOCX
(python-docx embeds bitmaps). vl-convert bundles its own Vega-Lite; `VL_VERSION` is the one
matching the vega-lite pinned in package.json for the browser, so both draw the same chart.
"""

import copy

from jalon.graphiques.specs import Graphique

VL_VERSION = "6.4"
LARGEUR = 640


def _spec(graphique: Graphique | dict, largeur: int) -> dict:
    spec = copy.deepcopy(graphique.spec if isinstance(graphique, Graphique) else graphique)
    # "container" means "as wide as the page element": there is no page here.
    if spec.get("width") == "container":
        spec["width"] = largeur
    return spec


def to_svg(graphique: Graphique | dict, *, largeur: int = LARGEUR) -> str:
    """The chart as an SVG document (text), ``largeur`` pixels wide for the plot area."""
    import vl_convert

    return vl_convert.vegalite_to_svg(
        _spec(graphique, largeur), vl_version=VL_VERSION, allowed_base_urls=[]
    )


def to_png(graphique: Graphique | dict, *, largeur: int = LARGEUR, echelle: float = 2) -> bytes:
    """The chart as PNG bytes; ``echelle`` 2 gives a sharp image once printed."""
    import vl_convert

    return vl_convert.vegalite_to_png(
        _spec(graphique, largeur), vl_version=VL_VERSION, scale=echelle, allowed_base_urls=[]
    )


def dessins(spec: dict, largeur: int, echelle: float | None) -> tuple[str, bytes | None]:
    """The chart as SVG and, when ``echelle`` is given, as PNG rasterised from that SVG.

    A plain function of plain data (no Django, no cache) so that it can run in a worker
    process: the report builder draws a national bilan's charts on every core this way."""
    svg = to_svg(spec, largeur=largeur)
    return svg, (svg_to_png(svg, echelle=echelle) if echelle is not None else None)


def svg_to_png(svg: str, *, echelle: float = 2) -> bytes:
    """A chart already drawn as SVG (``to_svg``), rasterised: the same pixels as ``to_png``
    for a third of its time, the Vega part (layout, text measurement) being done once."""
    import vl_convert

    return vl_convert.svg_to_png(svg, scale=echelle)
