"""HTML renderer: the document model → one HTML page (jinja2 templates in ``templates/``, print CSS in
``styles/css/``). The PDF renderer feeds this HTML to WeasyPrint.

The renderer only reads the model: every text (cell values, captions, numbers of sections, tables and
figures, notes, alt texts, language strings) comes ready from :class:`reporter.model.Report`. What it
adds is placement and the brand: status → colour (CSS class + custom property) and → symbol.
"""

from __future__ import annotations

import re
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from reporter.atomic import write_bytes
from reporter.brand import Brand, load_brand
from reporter.fonts import css_font_stack, font_face_css
from reporter.model.document import (
    Box, Figure, FootnoteRef, KeyFinding, ListBlock, PageBreak, Paragraph, Picture, Quote, Ref, Report, Section,
    Table,
)
from reporter.render.table_view import TABLE_FONT_PT, TABLE_WIDTH_CM, WIDE_TABLE_COLUMNS, TableView, table_view  # noqa: F401
from reporter.render.assets import TEMPLATES_DIR, brand_css, data_uri, inline_svg, read_css, svg_data_uri
from reporter.render.figure_sizes import FIGURE_WIDTH_CM

Assets = Literal["inline", "files"]

STATUS_WORDS = ("up", "same", "down")  # statuses explained by a table legend

_BLOCK_TEMPLATES = {Paragraph: "paragraph.html.j2", Table: "table.html.j2", Figure: "figure.html.j2",
                    KeyFinding: "key_finding.html.j2", ListBlock: "list.html.j2", Box: "box.html.j2",
                    Quote: "quote.html.j2", Picture: "picture.html.j2", PageBreak: "page_break.html.j2"}
_REF_PREFIX = {"table": "tab", "figure": "fig", "section": "sec"}


def kind_of(obj) -> str:
    """The model class name of a block or inline (templates branch on it)."""
    return type(obj).__name__


def ref_anchor(ref: Ref) -> str:
    """The HTML id a cross-reference points to."""
    return anchor(_REF_PREFIX.get(ref.kind, "sec"), ref.key)


def picture_uri(picture: Picture) -> str:
    import base64

    return f"data:{picture.media_type};base64," + base64.b64encode(picture.data).decode("ascii")


def report_footnotes(report: Report) -> list[FootnoteRef]:
    """Every footnote of the report in document order (numbered by the model)."""
    return [part for part in report.inlines() if isinstance(part, FootnoteRef)]


def anchor(prefix: str, key: str) -> str:
    """An HTML id from a model key: 'tab-ranking', 'sec-intro_method'."""
    return f"{prefix}-" + re.sub(r"[^A-Za-z0-9_-]+", "-", key)


def legend_word(table: Table, status: str, report: Report) -> str:
    """The legend's word for a change status: the table's own (with its rule's threshold) or the report's."""
    return dict(table.legend_words).get(status) or report.string(f"status_{status}")


def css_string(text: str) -> str:
    """A CSS string literal for generated rules (running header/footer). Quotes, backslashes and
    line breaks are escaped, and so are ``<``, ``>`` and ``&`` so that the text can never close the
    ``<style>`` element it is placed in."""
    out = []
    for ch in text:
        if ch in '\\"<>&' or ch in "\n\r\f" or ord(ch) < 0x20:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def page_css(report: Report, brand: Brand) -> str:
    """Running header and footer. Texts come from the model, colours and font from the brand
    (written out here because page margin boxes do not see the root's custom properties)."""
    page_word = dict(report.strings).get("page", "")
    number = (css_string(page_word + " ") + " counter(page)") if page_word else "counter(page)"
    style = (f"font-family: {css_font_stack(brand.font_heading, brand)}; font-size: 7.5pt; "
             f"color: {brand.colours.get('muted', '#666666')};")
    top = "vertical-align: bottom; padding-bottom: 4mm;"
    bottom = "vertical-align: top; padding-top: 5mm;"
    if report.kind == "profile":
        return (
            "@page {\n"
            f"  @bottom-left {{ content: {css_string(report.front.publisher)}; {style} {bottom} }}\n"
            f"  @bottom-right {{ content: {css_string(report.front.date_text)}; {style} {bottom} }}\n"
            "}\n"
        )
    return (
        "@page main {\n"
        f"  @top-left {{ content: {css_string(report.front.project)}; {style} {top} }}\n"
        f"  @top-right {{ content: {css_string(report.front.publisher)}; {style} {top} }}\n"
        f"  @bottom-left {{ content: {css_string(report.front.title)}; {style} {bottom} }}\n"
        f"  @bottom-right {{ content: {number}; {style} {bottom} }}\n"
        "}\n"
    )


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The jinja2 environment: autoescape on (free text can never inject markup), strict undefined."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals.update(anchor=anchor, table_view=table_view, block_template=block_template, kind_of=kind_of,
                       ref_anchor=ref_anchor, picture_uri=picture_uri)
    return env


def block_template(block) -> str:
    for cls, name in _BLOCK_TEMPLATES.items():
        if isinstance(block, cls):
            return name
    raise TypeError(f"no template for block {type(block).__name__}")


def chart_svg(figure: Figure, brand: Brand, lang: str, width_cm: float = FIGURE_WIDTH_CM) -> bytes | str:
    """The figure drawn as SVG by ``reporter.charts`` (imported late: charts need matplotlib)."""
    from reporter import charts

    return charts.render_figure(figure, brand, fmt="svg", width_cm=width_cm, lang=lang)


def _styles(report: Report, brand: Brand, fonts: str) -> str:
    own = brand.print_css.read_text(encoding="utf-8") if brand.print_css else ""
    return "\n".join([fonts, brand_css(brand), read_css("base.css"), read_css(f"{report.kind}.css"), own,
                      page_css(report, brand)])


def stylesheet_text(report: Report, brand: Brand, embed_fonts: bool = False) -> str:
    """The complete stylesheet of a report (fonts, brand, base, kind, the brand's print.css, running
    header/footer). Fonts by file:// URL (WeasyPrint) or, with ``embed_fonts``, as data: URIs."""
    return _styles(report, brand, font_face_css(brand, embed=embed_fonts))


def _write_assets(out_dir: Path, report: Report, brand: Brand) -> tuple[str, str | None]:
    """Files mode: copy fonts and logo into ``out_dir/assets`` and write one stylesheet; return hrefs."""
    assets = out_dir / "assets"
    (assets / "fonts").mkdir(parents=True, exist_ok=True)
    fonts = font_face_css(brand)

    def relocate(match: re.Match) -> str:
        from reporter.render.assets import url_to_path

        src = url_to_path(match.group(1))
        target = assets / "fonts" / src.name
        if not target.exists() or target.stat().st_size != src.stat().st_size:
            shutil.copyfile(src, target)
        return f'url("fonts/{src.name}")'

    fonts = re.sub(r'url\("(file:[^"]+)"\)', relocate, fonts)
    css_name = f"{report.kind}-{brand.key}.css"
    write_bytes(assets / css_name, _styles(report, brand, fonts).encode("utf-8"))
    logo = None
    if brand.logo is not None and brand.logo.is_file():
        write_bytes(assets / brand.logo.name, brand.logo.read_bytes())
        logo = f"assets/{brand.logo.name}"
    return f"assets/{css_name}", logo


def render_html(report: Report, brand: Brand | str | None = None, *, assets: Assets = "inline",
                out_dir: str | Path | None = None, charts_as: Literal["svg", "img"] = "svg",
                external_styles: bool = False, footnotes_at: Literal["page", "end"] = "end") -> str:
    """The report as one HTML document.

    ``assets="inline"``: stylesheet in a ``<style>`` element with the fonts as subset data: URIs, logo as a
    data URI, charts as inline SVG: one file that shows the same from any folder. ``assets="files"``: stylesheet, fonts and
    logo written to ``out_dir/assets/`` and linked relatively (charts stay inline SVG).
    ``charts_as="img"`` puts each chart in an ``<img>`` with an SVG data URI and the alt text instead:
    the same vector drawing, but WeasyPrint then parses it as an image rather than cascading the
    document's CSS over thousands of SVG nodes (several times faster for a long note).
    ``footnotes_at="page"`` writes each footnote where it is called (the PDF floats it to the page foot);
    ``"end"`` (HTML) numbers the calls and lists the footnotes at the end.
    ``external_styles=True`` (inline assets) leaves the stylesheet out (the PDF renderer passes it to WeasyPrint as a
    cached, pre-compiled stylesheet: :func:`stylesheet_text`).
    """
    if brand is None:
        brand = report.brand
    if isinstance(brand, str):
        brand = load_brand(brand)
    if assets not in ("inline", "files"):
        raise ValueError(f"assets must be 'inline' or 'files', not {assets!r}")

    if assets == "files":
        if out_dir is None:
            raise ValueError("assets='files' needs out_dir")
        href, logo = _write_assets(Path(out_dir), report, brand)
        styles = Markup('<link rel="stylesheet" href="{}">').format(href)
    else:
        logo = data_uri(brand.logo) if brand.logo is not None and brand.logo.is_file() else None
        styles = Markup("") if external_styles else Markup("<style>\n{}</style>").format(
            Markup(stylesheet_text(report, brand, embed_fonts=True)))

    charts: dict[str, Markup] = {}
    native: dict[str, tuple] = {}
    for i, figure in enumerate(report.figures(), start=1):
        if figure.draw == "native":
            from reporter.render.bars import legend, stacked_rows

            native[figure.key] = (legend(figure, brand), stacked_rows(figure, brand))
            continue
        svg = chart_svg(figure, brand, report.language)
        if charts_as == "img":
            charts[figure.key] = Markup('<img class="chart" src="{}" alt="{}">').format(svg_data_uri(svg), figure.alt_text)
        else:
            charts[figure.key] = inline_svg(svg, prefix=f"f{i}", title=figure.alt_text)

    template = environment().get_template(f"{report.kind}.html.j2")
    return unbreakable(template.render(
        report=report, brand=brand, styles=styles, logo=logo, charts=charts, native=native,
        symbols=brand.status_symbols, status_words=[s for s in STATUS_WORDS if s in brand.status_colours],
        legend_word=lambda table, status: legend_word(table, status, report),
        toc=report.contents(),
        footnotes_at=footnotes_at, footnotes=report_footnotes(report) if footnotes_at == "end" else [],
        created=report.date.isoformat() if report.date else None,
    ))


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_NB_WORD = re.compile("[^\\s<>\u2011]*\u2011[^\\s<>]*")


def unbreakable(html: str) -> str:
    """Words with a non-breaking hyphen (U+2011, "pct.-point") as an unbreakable span with a plain hyphen in
    text; inside tags (attribute values such as alt texts) the plain hyphen only. Fonts lack U+2011, and
    copied or extracted text keeps the ordinary hyphen."""
    if "\u2011" not in html:
        return html
    parts = _TAG_OR_TEXT.split(html)
    out, skip = [], False
    for part in parts:
        if part.startswith("<"):
            lowered = part[:8].lower()
            skip = lowered.startswith(("<style", "<script", "<svg")) or (skip and not lowered.startswith(("</style", "</script", "</svg")))
            out.append(part.replace("\u2011", "-"))
        elif skip:
            out.append(part.replace("\u2011", "-"))
        else:
            out.append(_NB_WORD.sub(lambda m: '<span class="nowrap">' + m.group(0).replace("\u2011", "-") + "</span>",
                                    part))
    return "".join(out)
