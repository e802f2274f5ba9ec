"""Benchmark: ``reporter note fixtures/stv`` (PDF + DOCX + HTML) as a whole process: the runs, the median,
peak RSS (the command and its chart/format worker processes added up), the steps, and the floor.
Goal: under 4 s and under 600 MB on the 2-core machine.

One warm-up run, then ``--repeat`` timed runs of the command for each ``--workers`` setting (alternating).
Then one instrumented child process prints the steps (import, load, metrics, model, render) and the
floor: the serial part (imports + load + metrics + model) plus the PDF alone of the same note with the
charts already drawn (the project's engine: Typst's source + compile + PDF writing, or WeasyPrint's layout
without PDF writing), no chart drawing, no DOCX/HTML.

    .venv/bin/python bench/note.py [--project fixtures/stv] [--repeat 3] [--formats pdf,docx,html] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._measure import fmt_runs, machine_speed, median, reporter_cli, run_command  # noqa: E402

GOAL_SECONDS = 4.0
GOAL_MB = 600.0

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from reporter.data.load import load_survey
from reporter.compose.note import build_note
from reporter.pipeline import compute_metrics, render_report
project_dir, out, formats, workers = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3].split(","), int(sys.argv[4])
steps = {"import": time.perf_counter() - t0}
t = time.perf_counter(); project, survey = load_survey(project_dir); steps["load"] = time.perf_counter() - t
t = time.perf_counter(); tables = compute_metrics(project, survey, workers=workers); steps["metrics"] = time.perf_counter() - t
t = time.perf_counter(); report = build_note(project, tables, project_dir=project_dir); steps["model"] = time.perf_counter() - t
if workers > 1:      # charts drawn in parallel first, then each format
    t = time.perf_counter(); render_report(report, out, "note", formats, workers=workers); steps["render"] = time.perf_counter() - t
else:                # one format after the other; charts drawn for one format are reused by the next
    for fmt in formats:
        t = time.perf_counter(); render_report(report, out, "note", (fmt,)); steps[fmt] = time.perf_counter() - t
steps["total"] = time.perf_counter() - t0
if "pdf" in formats:   # floor: the PDF alone (charts already drawn, not timed), no DOCX/HTML
    from reporter.brand import load_brand
    from reporter.pipeline import pdf_engine_for
    from reporter.charts.images import prerender
    brand = load_brand(report.brand)
    engine = pdf_engine_for(report, project.note.pdf_engine, brand)
    prerender(list(report.figures()), brand, report.language, (("svg", 300, 16.0),), 1)
    t = time.perf_counter()
    if engine == "typst":
        from reporter.render.typst_pdf import pdf_bytes_and_pages
        pdf, pages = pdf_bytes_and_pages(report, brand)
        import pypdfium2
        steps["pages"] = len(pypdfium2.PdfDocument(pdf))
    else:
        from weasyprint import HTML
        from reporter.render.assets import PROJECT_DIR, SafeURLFetcher
        from reporter.render.html import render_html, stylesheet_text
        from reporter.render.pdf import _stylesheet
        html = render_html(report, brand, assets="inline", charts_as="img", external_styles=True)
        css, fonts = _stylesheet(stylesheet_text(report, brand))
        doc = HTML(string=html, base_url=PROJECT_DIR.as_uri() + "/", url_fetcher=SafeURLFetcher()).render(
            stylesheets=[css], font_config=fonts, pdf_variant="pdf/ua-1")
        steps["pages"] = len(doc.pages)
    steps["floor_layout"] = time.perf_counter() - t
    steps["engine"] = engine
print(json.dumps(steps))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=ROOT / "fixtures" / "stv")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default="pdf,docx,html")
    parser.add_argument("--workers", type=int, nargs="+", default=[2], help="as reporter note --workers")
    args = parser.parse_args(argv)
    print(f"reporter note {args.project.name}: formats {args.formats}, whole process, "
          f"median of {args.repeat} after a warm-up")
    runs: dict[int, list[float]] = {w: [] for w in args.workers}
    peaks: dict[int, float] = {w: 0.0 for w in args.workers}
    cpus: dict[int, list[float]] = {w: [] for w in args.workers}
    print(machine_speed())
    with tempfile.TemporaryDirectory(prefix="reporter-bench-") as out:
        for round_ in range(args.repeat + 1):
            for workers in args.workers:
                run = run_command(reporter_cli("note", str(args.project), "--out", out, "--formats", args.formats,
                                               "--workers", str(workers)))
                if round_ == 0:
                    print(f"  warm-up workers={workers}: {run.seconds:.2f}s")
                    continue
                runs[workers].append(run.seconds)
                cpus[workers].append(run.cpu)
                peaks[workers] = max(peaks[workers], run.tree_mb)
                print(f"  round {round_} workers={workers}: {run.seconds:6.2f}s  cpu {run.cpu:6.2f}s  peak RSS {run.tree_mb:5.0f} MB  "
                      f"load {run.load:.1f}")
        for workers, values in runs.items():
            m = median(values)
            ok = m < GOAL_SECONDS and peaks[workers] < GOAL_MB
            print(f"workers={workers}: median {m:.2f}s [{fmt_runs(values)}] (goal < {GOAL_SECONDS:.0f}s), "
                  f"cpu median {median(cpus[workers]):.2f}s, "
                  f"peak RSS {peaks[workers]:.0f} MB (goal < {GOAL_MB:.0f} MB): {'met' if ok else 'NOT met'}")
        workers = max(args.workers)
        child = run_command([sys.executable, "-c", CHILD, str(args.project), out, args.formats, str(workers)])
        steps = json.loads(child.stdout.strip().splitlines()[-1])
        detail = "  ".join(f"{k}={v:.2f}s" for k, v in steps.items()
                           if k not in ("total", "floor_layout", "pages", "engine"))
        print(f"steps (workers={workers}, one instrumented process): {detail}  total={steps['total']:.2f}s")
        if "floor_layout" in steps:
            serial = sum(steps[k] for k in ("import", "load", "metrics", "model"))
            what = ("Typst's PDF of the" if steps["engine"] == "typst" else "WeasyPrint's layout of the")
            print(f"floor: {serial + steps['floor_layout']:.2f}s = imports+load+metrics+model {serial:.2f}s + "
                  f"{what} {steps['pages']} pages {steps['floor_layout']:.2f}s (charts drawn beforehand)")
    print(machine_speed())
    return 0


if __name__ == "__main__":
    sys.exit(main())
