"""End-to-end steps shared by the CLI, the batch runner and the service: load → metrics → model → files."""

from __future__ import annotations

from pathlib import Path

from reporter.config import Project
from reporter.data.schema import Survey

FORMATS = ("pdf", "docx", "html")
PDF_ENGINES = ("typst", "weasyprint")


def pdf_engine_for(report, pdf_engine: str | None = None, brand=None) -> str:
    """The engine that lays a report's PDF out: ``pdf_engine`` when given (``note: {pdf_engine: weasyprint}``);
    otherwise Typst for a note or a profile, unless the brand has a ``print.css`` (CSS, which only WeasyPrint
    applies: a brand's Typst rules are not supported). Documents of other kinds go to WeasyPrint."""
    if pdf_engine is not None and pdf_engine not in PDF_ENGINES:
        raise ValueError(f"unknown PDF engine {pdf_engine!r}; choose from {', '.join(PDF_ENGINES)}")
    if pdf_engine is not None:
        return pdf_engine
    if report.kind not in ("profile", "note"):
        return "weasyprint"
    if brand is None:
        from reporter.brand import load_brand

        brand = load_brand(report.brand)
    return "weasyprint" if brand.print_css is not None else "typst"


def render_report(report, out_dir: Path, stem: str, formats: list[str] | tuple[str, ...] = FORMATS,
                  workers: int = 1, pdf_engine: str | None = None, standby=None) -> list[Path]:
    """Write one document model as ``<stem>.pdf/.docx/.html`` (each atomically), in ``formats`` order.
    The PDF engine is :func:`pdf_engine_for` (Typst unless asked or the brand has a print.css).

    With ``workers > 1`` the charts (most of a long note's render time) are drawn first in that many
    forked processes, then the PDF is written here while a forked process writes the other formats
    from the same finished images (Typst: the HTML, while this process writes the PDF and then the DOCX
    with the PDF's section pages). Output bytes are the same as with one worker. A ``standby`` chart process
    (:mod:`reporter.charts.standby`, started by the command before it loaded anything) forks those workers.
    """
    from reporter.brand import load_brand

    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s) {sorted(unknown)}; choose from {', '.join(FORMATS)}")
    from reporter.atomic import make_dir

    brand = load_brand(report.brand)
    out_dir = make_dir(out_dir)
    engine = pdf_engine_for(report, pdf_engine, brand)
    parallel = workers > 1 and len(report.figures()) > 1
    if not parallel:
        return list(_write_formats(report, brand, out_dir, stem, formats, engine=engine).values())
    if engine == "typst":
        return _write_typst_set(report, brand, out_dir, stem, formats, workers, standby)
    import multiprocessing

    from reporter.batch import process_pool
    from reporter.charts.images import forget_prerendered

    _prerender_charts(report, brand, formats, workers, standby)
    try:
        others = [f for f in formats if f != "pdf"]
        written: dict[str, Path] = {}
        if "pdf" in formats and others:
            from reporter.atomic import write_bytes
            from reporter.render.pdf import layout, section_pages, write_document

            document = pages = None
            if "docx" in others and _has_contents(report):
                document = layout(report, brand)      # laid out once: the DOCX contents take its page numbers
                pages = section_pages(report, document)
            with process_pool(1, mp_context=multiprocessing.get_context("fork")) as pool:
                future = pool.submit(_write_formats, report, brand, out_dir, stem, others, pages)
                if document is None:
                    written["pdf"] = _write_format(report, brand, out_dir, stem, "pdf")
                else:
                    written["pdf"] = write_bytes(out_dir / f"{stem}.pdf", write_document(report, document))
                written.update(future.result())
        else:
            written = _write_formats(report, brand, out_dir, stem, formats)
        return [written[f] for f in formats]
    finally:
        forget_prerendered()


def _write_typst_set(report, brand, out_dir: Path, stem: str, formats, workers: int, standby=None) -> list[Path]:
    """Charts drawn in ``workers`` forked processes; then a forked process writes the HTML and the DOCX while
    this one lays out and writes the PDF (Typst). The DOCX's contents take the PDF's section pages: the
    forked process builds the rest of the DOCX meanwhile and asks for them last (:data:`_PAGES_PIPE`)."""
    import multiprocessing

    from reporter.atomic import write_bytes
    from reporter.batch import process_pool
    from reporter.charts.images import forget_prerendered

    global _PAGES_PIPE
    _prerender_charts(report, brand, formats, workers, standby, meanwhile=lambda: _import_writers(formats))
    try:
        beside = [f for f in ("html", "docx") if f in formats]
        if "pdf" not in formats or not beside:
            written = _write_formats(report, brand, out_dir, stem, formats, engine="typst")
            return [written[f] for f in formats]
        wants_pages = "docx" in beside and _has_contents(report)
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False) if wants_pages else (None, None)
        _PAGES_PIPE = receive          # inherited by the fork below
        try:
            with process_pool(1, mp_context=context) as pool:
                future = pool.submit(_write_beside_pdf, report, brand, out_dir, stem, beside, wants_pages)
                data, pages = _pdf_and_pages(report, brand, "typst")
                written = {"pdf": write_bytes(out_dir / f"{stem}.pdf", data)}
                if send is not None:
                    send.send(pages)
                written.update(future.result())
        finally:
            _PAGES_PIPE = None
            for end in (receive, send):
                if end is not None:
                    end.close()
        return [written[f] for f in formats]
    finally:
        forget_prerendered()


def _import_writers(formats) -> None:
    """Import the format writers (while the charts are drawn elsewhere: about 0,15 s of this process's time
    that would otherwise come after them)."""
    import importlib

    for fmt in formats:
        importlib.import_module(f"reporter.render.{'typst_pdf' if fmt == 'pdf' else fmt}")


# the read end of the pipe a forked format writer takes the PDF's section pages from (set before the fork)
_PAGES_PIPE = None


def _write_beside_pdf(report, brand, out_dir: Path, stem: str, formats, wants_pages: bool) -> dict[str, Path]:
    """Worker job: the HTML and DOCX of a report whose PDF the parent lays out meanwhile; the DOCX asks for the
    contents' page numbers only when the rest of it is built."""
    pages = _PAGES_PIPE.recv if wants_pages else None
    return {fmt: _write_format(report, brand, out_dir, stem, fmt, pages, "typst") for fmt in formats}


def _write_format(report, brand, out_dir: Path, stem: str, fmt: str, pages: dict[str, int] | None = None,
                  engine: str = "weasyprint") -> Path:
    """One format of one report, written atomically. ``pages`` ({section key: PDF page}) numbers the DOCX
    contents; without it a note with contents is laid out as PDF (not written) to find them."""
    from reporter.atomic import write_bytes

    target = out_dir / f"{stem}.{fmt}"
    if fmt == "pdf" and engine == "typst":
        from reporter.render.typst_pdf import render_pdf as render_typst_pdf

        return Path(render_typst_pdf(report, brand, target))
    if fmt == "pdf":
        from reporter.render.pdf import render_pdf

        return Path(render_pdf(report, brand, target))
    if fmt == "docx":
        from reporter.render.docx import render_docx

        if pages is None and _has_contents(report):
            pages = _section_pages(report, brand, engine)
        return Path(render_docx(report, brand, target, pages=pages))
    from reporter.render.html import render_html

    return write_bytes(target, render_html(report, brand, assets="inline").encode("utf-8"))


def _section_pages(report, brand, engine: str) -> dict[str, int]:
    """{section key: page} of the note laid out as PDF by ``engine`` (nothing written)."""
    if engine == "typst":
        from reporter.render.typst_pdf import pdf_bytes_and_pages

        return pdf_bytes_and_pages(report, brand)[1]
    from reporter.render.pdf import layout, section_pages

    return section_pages(report, layout(report, brand))


def _pdf_and_pages(report, brand, engine: str) -> tuple[bytes, dict[str, int]]:
    if engine == "typst":
        from reporter.render.typst_pdf import pdf_bytes_and_pages
    else:
        from reporter.render.pdf import pdf_bytes_and_pages
    return pdf_bytes_and_pages(report, brand)


def _has_contents(report) -> bool:
    """Whether the DOCX has a table of contents (and so wants the PDF's page numbers)."""
    return bool(report.toc) and report.kind != "profile"


def _write_formats(report, brand, out_dir: Path, stem: str, formats,
                   pages: dict[str, int] | None = None, engine: str = "weasyprint") -> dict[str, Path]:
    """Several formats of one report, in ``formats`` order (the PDF first when there is a DOCX too: one
    layout gives the PDF and the DOCX contents' page numbers)."""
    written: dict[str, Path] = {}
    if pages is None and _has_contents(report) and "pdf" in formats and "docx" in formats:
        from reporter.atomic import write_bytes

        data, pages = _pdf_and_pages(report, brand, engine)
        written["pdf"] = write_bytes(out_dir / f"{stem}.pdf", data)
    for fmt in formats:
        if fmt not in written:
            written[fmt] = _write_format(report, brand, out_dir, stem, fmt, pages, engine)
    return {fmt: written[fmt] for fmt in formats}


def _prerender_charts(report, brand, formats, workers: int, standby=None, meanwhile=None) -> None:
    """Every chart image the formats need, drawn ahead in ``workers`` processes (the standby's forks when it is
    alive); ``meanwhile`` runs here while they draw."""
    from reporter.charts.images import prerender
    from reporter.render.figure_sizes import CHART_DPI, FIGURE_WIDTH_CM

    # the sizes come from a module without imports: python-docx and the other writers are imported meanwhile
    specs = []
    if "pdf" in formats or "html" in formats:
        specs.append(("svg", 300, FIGURE_WIDTH_CM))
    if "docx" in formats:
        specs.append(("png", CHART_DPI, FIGURE_WIDTH_CM))
    prerender(list(report.figures()), brand, report.language, tuple(specs), workers, standby, meanwhile)


def render_note(project: Project, survey: Survey, out_dir: Path, *, project_dir: Path | None = None,
                formats: list[str] | tuple[str, ...] = FORMATS, workers: int = 2, standby=None) -> list[Path]:
    """Compute all metrics once, build the note model, render it in every requested format.

    The formats are one output set: rendered into a temporary folder beside ``out_dir/note.*`` and moved
    in together (formats of an earlier note that this run does not write are removed), so a failed
    render or a full disk leaves the previous note complete."""
    from reporter.atomic import output_set
    from reporter.compose.note import build_note

    tables = compute_metrics(project, survey, workers=workers)   # two processes share the tables' work
    report = build_note(project, tables, project_dir=project_dir)
    with output_set(out_dir, "note", replaces=[f"note.{f}" for f in FORMATS]) as staging:
        staged = render_report(report, staging, "note", formats, workers=workers, pdf_engine=project.note.pdf_engine,
                               standby=standby)
    return [Path(out_dir) / p.name for p in staged]


def _render_profile_job(report, out_dir: str, stem: str, formats: tuple[str, ...],
                        pdf_engine: str = "typst") -> list[str]:
    """One profile job (runs in a worker process or on a Dask worker)."""
    return [str(p) for p in render_report(report, Path(out_dir), stem, formats, pdf_engine=pdf_engine)]


def _warm_profile_worker(brand_key: str, formats: tuple[str, ...], pdf_engine: str = "typst") -> None:
    """Load what every profile job needs (renderer imports, the Typst compiler with the brand's fonts or
    WeasyPrint's fonts and HarfBuzz; python-docx's default package) in a worker before the first job
    arrives. Changes no output."""
    from reporter.brand import load_brand

    brand = load_brand(brand_key)
    if "pdf" in formats and pdf_engine == "typst":
        from reporter.render.typst_pdf import warm_up as warm_typst

        warm_typst(brand)
    elif "pdf" in formats:
        from reporter.render.pdf import warm_up

        warm_up(brand)
    if "docx" in formats:
        from docx import Document

        import reporter.render.docx  # noqa: F401 - imports only

        Document()
    if "html" in formats:
        import reporter.render.html  # noqa: F401


def render_profiles(project: Project, survey: Survey, out_dir: Path, *, only: list[str] | None = None,
                    workers: int = 1, scheduler: str | None = None, formats: tuple[str, ...] = ("pdf", "docx"),
                    on_done=None, project_dir: Path | None = None) -> list:
    """Profiles for every municipality (or ``only`` those): metrics once, models here, rendering in parallel.

    Writes ``out_dir/profiles/<slug>.pdf|.docx`` and ``out_dir/profiles/index.csv`` (municipality, slug,
    files, status, error). Returns the batch results; a failed profile is reported, not raised.
    The index of an earlier run is removed before rendering starts and the new one is written last,
    listing only files that were completely written: an index present means a finished run.

    Local workers start first and warm up (imports, fonts) while this process computes the metrics;
    each profile is handed to them as soon as its model is built. The PDF engine is the project's
    ``profile.pdf_engine`` (:func:`profile_pdf_engine`). Local workers are forked, or started
    with ``spawn`` when this process has already run Typst: a fork of it could not (reporter.render.typst_pdf).
    """
    from reporter.batch import executor, warm_workers

    names = chosen_municipalities(project, only)
    engine = profile_pdf_engine(project)
    with executor(workers, scheduler, mp_context=profile_pool_context()) as pool:
        warm_workers(pool, workers, _warm_profile_worker, project.brand, tuple(formats), engine)
        return _render_profiles_on(pool, project, survey, out_dir, names, formats, on_done, project_dir, engine)


def profile_pdf_engine(project: Project) -> str:
    """The profiles' PDF engine: the project's ``profile.pdf_engine``; unset, Typst, unless the brand has a
    ``print.css`` — its layout touches are CSS, which only WeasyPrint applies (a brand's Typst rules are not
    supported), so such a brand's profiles keep them at WeasyPrint's speed."""
    if project.profile.pdf_engine is not None:
        return project.profile.pdf_engine
    from reporter.brand import load_brand

    return "weasyprint" if load_brand(project.brand).print_css is not None else "typst"


def profile_pool_context():
    """The multiprocessing context of the profile workers: the platform's default (fork on Linux: no imports
    to repeat), or ``spawn`` once this process has compiled Typst (its fork would hang in Typst)."""
    from reporter.typst_engine import fork_is_safe

    if fork_is_safe():
        return None
    import multiprocessing

    return multiprocessing.get_context("spawn")


def chosen_municipalities(project: Project, only: list[str] | None) -> list[str]:
    """The municipalities to render in file order: all, or ``only`` those (an unknown name is a ValueError)."""
    from reporter.compose.profile import municipalities_sorted

    names = municipalities_sorted(project)
    if only:
        unknown = [n for n in only if n not in names]
        if unknown:
            raise ValueError(f"unknown municipality {unknown[0]!r}; known: {', '.join(names)}")
        names = [n for n in names if n in only]
    return names


def _render_profiles_on(pool, project: Project, survey: Survey, out_dir: Path, names: list[str], formats,
                        on_done, project_dir: Path | None, engine: str = "typst") -> list:
    import csv
    import io

    from reporter.atomic import write_bytes
    from reporter.batch import JobResult, jobs_per_task, run_jobs
    from reporter.compose.profile import build_profile, profile_inputs, profile_tables, profile_template, slug
    from reporter.metrics.compute import compute_all

    tables = compute_all(project, survey, only=profile_tables(project, project_dir))
    inputs = profile_inputs(project, tables)
    profile_template(project, project_dir)      # a bad template is one error for the command, not one per profile
    from reporter.atomic import make_dir, output_error

    target = make_dir(Path(out_dir) / "profiles")
    try:
        (target / "index.csv").unlink(missing_ok=True)
    except OSError as exc:
        raise output_error(exc, target / "index.csv") from exc
    build_errors = {}

    def jobs():
        for name in names:
            try:
                report = build_profile(project, inputs, name, project_dir)
            except Exception as exc:  # noqa: BLE001 - reported in index.csv like a render failure
                build_errors[name] = f"{type(exc).__name__}: {exc}"
                continue
            yield name, (report, str(target), slug(name), tuple(formats), engine)

    rendered = run_jobs(_render_profile_job, jobs(), on_done=on_done, pool=pool,
                        per_task=jobs_per_task(pool, len(names)))
    by_name = {r.key: r for r in rendered}
    for name, error in build_errors.items():
        by_name[name] = JobResult(key=name, ok=False, error=error)
        if on_done:
            on_done(by_name[name])
    for name, result in list(by_name.items()):
        missing = [p for p in (result.value or []) if result.ok and not Path(p).is_file()]
        if missing:  # e.g. a Dask worker whose output folder is not shared with this machine
            by_name[name] = JobResult(key=name, ok=False, error=f"written file not found here: {missing[0]}")
    results = [by_name[name] for name in names]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["municipality", "slug", "files", "status", "error"])
    for name in names:
        result = by_name.get(name)
        if result is not None and result.ok:
            writer.writerow([name, slug(name), ";".join(Path(p).name for p in result.value), "ok", ""])
        else:
            error = result.error if result is not None else build_errors.get(name, "not rendered")
            writer.writerow([name, slug(name), "", "failed", error])
    write_bytes(target / "index.csv", buffer.getvalue().encode("utf-8"))
    return results


# The survey tables a second process computes when ``compute_metrics`` has two workers: about half of the
# metrics' time on the 98-municipality project, in tables that share few caches with this process's. The fidelity
# tables, spread and movers, the core scores (whose item caches are the fidelity tables': 0,01-0,05 s here against
# 0,22 s in the other process), the coded and the choice tables stay here. Measured cold in a fork of the loaded
# large project (10th session): these 0,36-0,40 s, the rest 0,65-0,67 s; with the municipality counts' sheet
# (0,25-0,3 s of rust) written there and the other sheets here, both processes serialise and end about together.
SECOND_WORKER_TABLES = frozenset({
    "municipality_counts", "statement_distribution", "statement_means", "topbox", "wave_average_shares",
    "belief", "belief_municipality", "instrument_means", "instrument_bands", "instrument_categories",
    "instrument_sensitivity", "instrument_change",
})
# below this many answer rows the tables are computed in one process. Measured on the 2-core VM (3 Dec, the
# command alone, alternating 8 rounds), a fork paid even on the smallest example project: fsm, 10.758 answers
# (reporter metrics 0,99 -> 0,95 s); stv, 62.332 answers (reporter metrics 1,03 -> 0,92 s; the note 3,53 -> 3,37
# and 3,42 -> 3,25 s). The tables of smaller projects take a few hundredths of a second.
PARALLEL_FROM_ANSWERS = 10_000


def compute_metrics(project: Project, survey: Survey, *, workers: int = 1) -> dict:
    """Every metric table, as :func:`reporter.metrics.compute.compute_all` makes them (the same tables in the
    same order); with ``workers`` > 1 on a large survey the survey tables are split between this process and
    one forked process that shares the loaded answers, then the register and cost tables are made here."""
    from reporter.metrics.compute import SURVEY_TABLES, compute_all, derived_tables

    if workers < 2 or survey.answer_count < PARALLEL_FROM_ANSWERS:
        return compute_all(project, survey)
    import multiprocessing

    from reporter.metrics.answer_index import survey_index
    from reporter.processes import process_pool

    survey_index(survey)    # the answers and their index, built once before the fork and shared by it
    with process_pool(1, mp_context=multiprocessing.get_context("fork"), shared=(project, survey)) as pool:
        second = pool.submit(_compute_forked, sorted(SECOND_WORKER_TABLES))
        parts = compute_all(project, survey, only=[n for n in SURVEY_TABLES if n not in SECOND_WORKER_TABLES])
        parts.update(second.result())
    tables = {name: parts[name] for name in SURVEY_TABLES if name in parts}
    tables.update(derived_tables(project, survey, tables))
    return tables


def _compute_forked(names: list[str], keep: bool = False) -> dict:
    """Worker job: the named survey tables of the project this process was forked with (its pool's ``shared``;
    kept here for :func:`_serialise_forked` when ``keep``)."""
    global _FORKED_TABLES
    from reporter.metrics.compute import compute_all
    from reporter.processes import pool_shared

    shared = pool_shared()
    assert shared is not None, "compute_metrics starts its worker with the project and survey as shared"
    project, survey = shared
    tables = compute_all(project, survey, only=names)
    if keep:
        _FORKED_TABLES = tables
    return tables


_FORKED_TABLES: dict | None = None


def _serialise_forked(first: bool) -> tuple[dict, object]:
    """Worker job after ``_compute_forked(..., keep=True)``: those tables' CSV bytes and workbook sheets."""
    global _FORKED_TABLES
    from reporter.metrics.export import table_csv, workbook_part

    assert _FORKED_TABLES is not None, "the tables are computed (and kept) by the job before this one"
    tables, _FORKED_TABLES = _FORKED_TABLES, None
    return {name: table_csv(table) for name, table in tables.items()}, workbook_part(tables, first=first)


def export_metrics(project: Project, survey: Survey, out_dir: Path, *, workers: int = 1) -> dict:
    """Compute every metric table (:func:`compute_metrics`) and write them
    (:func:`reporter.metrics.export.write_metrics`); returns the tables. With two workers on a large survey
    each process also serialises tables (CSV bytes, workbook sheets written by rust) while the other still
    works, each its own tables; the workbook is put together here from the parts. The files are the same as
    ``write_metrics`` of the same tables."""
    from reporter.metrics.export import table_csv, workbook_part, write_metrics

    if workers < 2 or survey.answer_count < PARALLEL_FROM_ANSWERS:
        tables = compute_metrics(project, survey, workers=workers)
        write_metrics(tables, out_dir)
        return tables
    import multiprocessing

    from reporter.metrics.answer_index import survey_index
    from reporter.metrics.compute import SURVEY_TABLES, compute_all, derived_tables
    from reporter.processes import process_pool

    survey_index(survey)    # the answers and their index, built once before the fork and shared by it
    mine = [n for n in SURVEY_TABLES if n not in SECOND_WORKER_TABLES]
    theirs = sorted(SECOND_WORKER_TABLES)
    # whether a part's sheets start the workbook is a guess here (which tables a project makes is known
    # later); a wrong guess costs time, not bytes: write_metrics writes the sheets of a part that does not fit
    starts = SURVEY_TABLES[0]
    with process_pool(1, mp_context=multiprocessing.get_context("fork"), shared=(project, survey)) as pool:
        second = pool.submit(_compute_forked, theirs, True)
        serialised = pool.submit(_serialise_forked, starts in theirs)
        parts = compute_all(project, survey, only=mine)
        csvs = {name: table_csv(table) for name, table in parts.items()}
        pieces = [workbook_part(parts, first=starts in mine)]
        parts.update(second.result())
        tables = {name: parts[name] for name in SURVEY_TABLES if name in parts}
        tables.update(derived_tables(project, survey, tables))
        their_csvs, their_piece = serialised.result()
    write_metrics(tables, out_dir, csvs={**csvs, **their_csvs}, parts=[*pieces, their_piece])
    return tables
