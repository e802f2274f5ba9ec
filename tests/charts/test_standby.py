"""The standby chart process (reporter.charts.standby): the images it draws are the bytes drawn here, its
errors reach the caller, a dead one falls back to drawing here, and it ends with the ``with`` block.

Each test runs in a fresh interpreter: the standby forks only from a process that has not compiled Typst,
and this test process may have."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRELUDE = """
import json, os, sys
sys.path.insert(0, "tests/charts")
from conftest import clustered, horizontal, stacked
from reporter.brand import load_brand
from reporter.charts import standby as S
from reporter.charts import images as R
brand = load_brand("nordlys")
figures = [clustered(), stacked(), horizontal()]
specs = (("svg", 300, 16.0), ("png", 150, 16.0))
"""


def _run(body: str) -> dict:
    code = PRELUDE + body
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_standby_draws_the_bytes_this_process_draws_and_ends_with_the_block():
    result = _run("""
with S.chart_standby() as standby:
    pid = standby._process.pid
    standby.prepare("nordlys")
    added = R.prerender(figures, brand, "da", specs, 2, standby)
    there = dict(R._READY)
    alive_inside = standby.alive
R.forget_prerendered()
here = {}
for f in figures:
    for fmt, dpi, width in specs:
        here[R._layout_key(f, brand, width, "da") + R._image_key(fmt, dpi)] = R.render_figure(
            f, brand, fmt, dpi=dpi, width_cm=width)
gone = not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/stat").read().split()[2] == "Z"
print(json.dumps({"added": added, "same": there == here, "keys": len(there), "alive_inside": alive_inside,
                  "gone": gone, "png": all(v[:4] == b"\\x89PNG" for k, v in there.items() if k[-2] == "png")}))
""")
    assert result == {"added": 6, "same": True, "keys": 6, "alive_inside": True, "gone": True, "png": True}


def test_a_drawing_error_in_the_standby_is_raised_here_with_its_message():
    result = _run("""
from dataclasses import replace
bad = replace(clustered(), kind="pie")
with S.chart_standby() as standby:
    try:
        R.prerender([bad, horizontal()], brand, "da", specs, 2, standby)
        print(json.dumps({"raised": None}))
    except ValueError as exc:
        print(json.dumps({"raised": str(exc)}))
""")
    assert result["raised"].startswith("unknown chart kind 'pie'")


def test_when_the_standby_has_died_the_figures_are_drawn_here():
    result = _run("""
import signal, time
with S.chart_standby() as standby:
    os.kill(standby._process.pid, signal.SIGKILL)
    standby._process.join(5)
    added = R.prerender(figures, brand, "da", specs, 2, standby)
    there = dict(R._READY)
R.forget_prerendered()
here = {R._layout_key(f, brand, w, "da") + R._image_key(fmt, dpi): R.render_figure(f, brand, fmt, dpi=dpi, width_cm=w)
        for f in figures for fmt, dpi, w in specs}
print(json.dumps({"added": added, "same": there == here}))
""")
    assert result == {"added": 6, "same": True}


def test_no_standby_is_forked_from_a_process_that_has_compiled_typst():
    result = _run("""
from reporter.charts.raster import svg_to_png
svg = R.render_figure(horizontal(), brand, "svg")
svg_to_png(svg, brand, 72, (16 / 2.54, 2.0))          # this process has compiled Typst now
with S.chart_standby() as standby:
    forked = standby._process is not None
    added = R.prerender(figures, brand, "da", specs, 2, standby)
print(json.dumps({"forked": forked, "added": added}))
""")
    assert result == {"forked": False, "added": 6}


def test_importing_the_standby_does_not_import_matplotlib():
    """``reporter note`` imports the standby module before it forks: matplotlib is imported there, not here."""
    code = ("import json, sys; import reporter.charts.standby; "
            "print(json.dumps({'matplotlib': 'matplotlib' in sys.modules}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"matplotlib": False}


def test_with_the_standby_drawing_this_process_never_imports_matplotlib():
    """The images come back ready: asking for them (render_figure) and the work done meanwhile need no
    matplotlib here, and ``meanwhile`` runs before the images are collected (while they are drawn)."""
    result = _run("""
seen = []
with S.chart_standby() as standby:
    standby.prepare("nordlys")
    added = R.prerender(figures, brand, "da", specs, 2, standby,
                        meanwhile=lambda: seen.append(len(R._READY)))
    images = [R.render_figure(f, brand, fmt, dpi=dpi, width_cm=w) for f in figures for fmt, dpi, w in specs]
print(json.dumps({"added": added, "meanwhile_saw": seen, "images": len(images),
                  "matplotlib": "matplotlib" in sys.modules}))
""")
    assert result == {"added": 6, "meanwhile_saw": [0], "images": 6, "matplotlib": False}


def test_the_note_hands_its_charts_out_before_it_imports_a_format_writer():
    """``reporter note`` hands the charts to the standby first and imports the writers (python-docx, the
    HTML and Typst writers) while they are drawn: at hand-out no writer is imported, afterwards all are,
    and the images are asked for at the sizes each format draws them."""
    result = _run("""
from reporter import pipeline
class Recording:
    def start_drawing(self, todo, brand, lang, specs, workers):
        self.seen = {m: m in sys.modules for m in ("docx", "reporter.render.docx", "reporter.render.html",
                                                  "reporter.render.typst_pdf")}
        self.specs = [list(s) for s in specs]
        return True
    def drawn(self):
        self.after = {m: m in sys.modules for m in ("docx", "reporter.render.docx", "reporter.render.html",
                                                   "reporter.render.typst_pdf")}
        return {}
class Report:
    language = "da"
    def figures(self):
        return figures
standby = Recording()
formats = ("pdf", "docx", "html")
pipeline._prerender_charts(Report(), brand, formats, 2, standby, meanwhile=lambda: pipeline._import_writers(formats))
print(json.dumps({"seen": standby.seen, "after": standby.after, "specs": standby.specs}))
""")
    assert not any(result["seen"].values()), result["seen"]
    assert all(result["after"].values()), result["after"]
    # the text column of A4 with 2,5 cm margins (21 - 2 × 2,5 cm) in every format; Word's PNGs at 300 dpi
    assert result["specs"] == [["svg", 300, 16.0], ["png", 300, 16.0]]
