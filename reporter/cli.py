"""The ``reporter`` command line. Each command calls the pipeline steps and does nothing else.

One error handler (:class:`ReporterGroup`) turns every expected failure into one line on stderr and
exit code 1: bad input (every problem, one per line), an output that cannot be written (path and
cause), a failed render. Usage errors exit 2 (typer's own). ``--debug`` anywhere on the command line
shows the Python traceback instead.
"""

from __future__ import annotations

import errno
from pathlib import Path

import typer
from typer.core import TyperGroup

from reporter.errors import InputError

DEBUG_FLAG = "--debug"
_DEBUG_KEY = "reporter.debug"


class ReporterGroup(TyperGroup):
    """The command group with the one top-level error handler."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        end = args.index("--") if "--" in args else len(args)
        if DEBUG_FLAG in args[:end]:
            ctx.meta[_DEBUG_KEY] = True
            args = [a for a in args[:end] if a != DEBUG_FLAG] + args[end:]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):  # exit codes and usage errors (2) as they are
            raise
        except Exception as exc:  # noqa: BLE001 - the one place failures become a message
            if ctx.meta.get(_DEBUG_KEY):
                raise
            report_failure(exc)
            raise typer.Exit(1) from None


app = typer.Typer(cls=ReporterGroup, help="Evaluation notes and municipality profiles from survey microdata.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_show_locals=False)


class _LazyConsole:
    """A ``rich.console.Console`` made at its first use: rich costs 0,05–0,09 s of import, and a command that
    only writes files (``reporter metrics``) need not pay it before its work."""

    def __init__(self, **options) -> None:
        self._options = options
        self._console = None

    def resolve(self):
        """The console itself (made now if not yet)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str):
        return getattr(self.resolve(), name)


console = _LazyConsole()
err_console = _LazyConsole(stderr=True)

_CAUSES = {
    errno.ENOSPC: "the disk is full (no space left on device)",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EISDIR: "it is a folder, a file is needed",
}
_HINT = f"(run with {DEBUG_FLAG} for the traceback)"


def failure_line(exc: BaseException) -> str:
    """One line naming what failed, where and why (for a failure that is not bad input)."""
    from reporter.atomic import OutputError

    if isinstance(exc, OSError):
        cause = _CAUSES.get(exc.errno) or exc.strerror or str(exc)
        if isinstance(exc, OutputError):
            return f"cannot write {exc.filename}: {cause}"
        if exc.filename is not None:
            return f"{exc.filename}: {cause}"
        return f"{type(exc).__name__}: {cause}"
    return f"failed: {type(exc).__name__}: {exc}".rstrip(": ")


def report_failure(exc: BaseException) -> None:
    """Print an expected failure: every input problem, or one line with a hint."""
    if isinstance(exc, InputError):
        _print_problems(exc, "the input")
        return
    err_console.print(f"error: {failure_line(exc)} {_HINT}", style="red", markup=False, highlight=False,
                      soft_wrap=True)


def _print_problems(exc: InputError, where: object) -> None:
    err_console.print(f"[bold red]{len(exc.problems)} problem(s) in {where}:[/]", soft_wrap=True)
    for problem in exc.problems:
        err_console.print(f"  • {problem}", highlight=False, markup=False, soft_wrap=True)


@app.callback()
def _root(debug: bool = typer.Option(False, DEBUG_FLAG, help="Show the Python traceback of an error "
                                     "(also accepted after the command).")) -> None:
    """Evaluation notes and municipality profiles from survey microdata."""


def _formats(text: str) -> list[str]:
    """The ``--formats`` list; an unknown format is a usage error (exit 2)."""
    from reporter.pipeline import FORMATS

    formats = [f.strip() for f in text.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise typer.BadParameter(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}" if unknown
                                 else "give at least one format", param_hint="--formats")
    return formats

ProjectDir = typer.Argument(..., exists=True, file_okay=False, dir_okay=True, help="Project directory with project.yaml.")


def _require(extra: str, purpose: str) -> None:
    """Exit 2 with one line naming the missing optional packages and the extra to install."""
    from reporter.extras import MissingExtra, require

    try:
        require(extra, purpose)
    except MissingExtra as exc:
        err_console.print(str(exc), style="red", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(2) from None


def _problems(exc: InputError, project_dir: Path) -> typer.Exit:
    """Print every problem of a bad input; the caller raises the returned exit (code 1)."""
    _print_problems(exc, project_dir)
    return typer.Exit(1)


def _read_ahead(project_dir: Path) -> None:
    """Start reading the project's CSV files in a thread while the command imports the rest
    (:mod:`reporter.data.prefetch`; :func:`_load` takes them and waits for the thread)."""
    from reporter.data import prefetch

    prefetch.start(project_dir)


def _load(project_dir: Path):
    """Load and validate a project; print every problem and exit 1 on bad input. What is loaded lives
    until the command ends: it leaves the collector's reach (:func:`reporter.processes.freeze_loaded`)."""
    from reporter.data import prefetch
    from reporter.data.load import load_survey
    from reporter.processes import freeze_loaded

    try:
        loaded = load_survey(project_dir)
    except InputError as exc:
        raise _problems(exc, project_dir) from None
    finally:
        prefetch.finish()   # before anything forks
    freeze_loaded()
    return loaded


FULL_TEMPLATE_CHECK_ROWS = 5_000_000   # above this many answer rows, validate checks the template's structure only


def _check_note_template(project, survey, project_dir: Path) -> None:
    """Check the note template: its structure always (blocks, parameters, expressions, images), and with a
    survey of ordinary size the whole model once (names and labels; nothing is rendered). A very large survey
    is validated in bounded memory, so there ``reporter note`` checks names and labels before writing."""
    from reporter.compose.template import load_template, parse
    from reporter.compose.template.engine import static_problems

    try:
        if survey.answer_count <= FULL_TEMPLATE_CHECK_ROWS:
            from reporter.compose.note import build_note
            from reporter.metrics.compute import compute_all

            build_note(project, compute_all(project, survey), project_dir)    # every problem at once
            return
        source = load_template(project.note.template, "note", project.language, project_dir)
        problems = static_problems(parse(source), "note", project_dir)
        if problems:
            raise InputError(problems)
    except InputError as exc:
        raise _problems(exc, project_dir) from None


@app.command()
def validate(project_dir: Path = ProjectDir) -> None:
    """Validate a project: print respondents per role x wave, items and warnings, or the errors (exit 1)."""
    _read_ahead(project_dir)
    from reporter.data.summary import print_summary

    project, survey = _load(project_dir)
    _check_note_template(project, survey, project_dir)
    print_summary(console.resolve(), project, survey)


@app.command()
def metrics(project_dir: Path = ProjectDir,
            out: Path = typer.Option(Path("out"), "--out", help="Output folder: metrics/*.csv and metrics.xlsx."),
            workers: int = typer.Option(2, "--workers", min=1,
                                        help="Processes computing the tables of a large survey.")) -> None:
    """Compute every metric table and write them as tidy CSV files and one Excel workbook."""
    _read_ahead(project_dir)
    from reporter.pipeline import export_metrics

    project, survey = _load(project_dir)
    tables = export_metrics(project, survey, out, workers=workers)
    typer.echo(f"Wrote {len(tables)} metric tables to {out}")   # plain: no rich import for one line


@app.command()
def note(project_dir: Path = ProjectDir,
         out: Path = typer.Option(Path("out"), "--out", help="Output folder for note.pdf, note.docx and note.html."),
         formats: str = typer.Option("pdf,docx,html", "--formats", help="Comma-separated subset of pdf,docx,html."),
         workers: int = typer.Option(2, "--workers", min=1, help="Processes drawing the charts.")) -> None:
    """Render the end-of-project note as PDF, DOCX and HTML from one document model."""
    from reporter.charts.standby import chart_standby
    from reporter.pipeline import render_note

    chosen = _formats(formats)
    # the chart process imports matplotlib while this one loads and computes (reporter.charts.standby)
    with chart_standby(workers > 1) as standby:
        project, survey = _load(project_dir)
        standby.prepare(project.brand)
        try:
            with console.status("Computing metrics and rendering the note…"):
                written = render_note(project, survey, out, project_dir=project_dir, workers=workers, formats=chosen,
                                      standby=standby)
        except InputError as exc:
            raise _problems(exc, project_dir) from None
    for path in written:
        console.print(f"Wrote {path}")


@app.command()
def absorb(project_dir: Path = ProjectDir,
           edited: Path = typer.Argument(..., exists=True, dir_okay=False, help="The edited note (.docx)."),
           write: bool = typer.Option(False, "--write", help="Write the template files (default: only show the diff)."),
           partial: bool = typer.Option(False, "--partial", help="Write what could be matched even if some blocks "
                                        "could not."),
           accept_changes: bool = typer.Option(False, "--accept-changes", help="Absorb pending tracked changes as "
                                               "if accepted.")) -> None:
    """Write a consultant's edits in the Word note back into the project's template files."""
    from reporter.absorb import absorb_plan, apply_plan
    from reporter.absorb.read import UnreadableDocx

    try:
        with console.status("Rendering the project and reading the edited file…"):
            plan = absorb_plan(project_dir, edited, accept=accept_changes)
    except InputError as exc:
        raise _problems(exc, project_dir) from None
    except UnreadableDocx as exc:
        err_console.print(f"[bold red]{exc}[/]", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    diff, _ = apply_plan(plan, project_dir, write=False)
    console.print(f"{plan.matched} of {plan.blocks} authored blocks matched; {len(plan.edits)} change(s).",
                  highlight=False)
    for title, items in (("Conflicts (not absorbed)", plan.conflicts), ("Not matched", plan.unmatched),
                         ("Pending tracked changes", plan.pending), ("Comments", plan.comments)):
        if items:
            console.print(f"[bold]{title}:[/]")
            for item in items:
                console.print(f"  • {item}", highlight=False, markup=False, soft_wrap=True)
    if diff:
        typer.echo(diff, nl=False)
    if not write:
        return
    if plan.unmatched and not partial:
        err_console.print("Nothing written: some blocks could not be matched (use --partial to write the rest).",
                          soft_wrap=True)
        raise typer.Exit(1)
    _, written = apply_plan(plan, project_dir, write=True)
    for path in written:
        console.print(f"Wrote {path} (backup {path.name}.bak)", highlight=False)


@app.command()
def profiles(project_dir: Path = ProjectDir,
             out: Path = typer.Option(Path("out"), "--out", help="Output folder; profiles go to OUT/profiles/."),
             only: list[str] = typer.Option(None, "--only", help="Render only this municipality (repeatable)."),
             workers: int = typer.Option(2, "--workers", min=1, help="Local worker processes."),
             scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. tcp://127.0.0.1:8786."),
             formats: str = typer.Option("pdf,docx", "--formats", help="Comma-separated subset of pdf,docx,html.")) -> None:
    """Render a one-page profile (PDF and DOCX) for every municipality, in parallel."""
    _read_ahead(project_dir)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from reporter.pipeline import render_profiles

    chosen = tuple(_formats(formats))
    if scheduler:
        _require("cluster", "reporter profiles --scheduler")
    project, survey = _load(project_dir)
    total = len(only) if only else len(project.municipalities)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console.resolve()) as progress:
        task = progress.add_task("Profiles", total=total)
        try:
            results = render_profiles(project, survey, out, only=only or None, workers=workers, scheduler=scheduler,
                                      formats=chosen,
                                      on_done=lambda r: progress.advance(task), project_dir=project_dir)
        except InputError as exc:
            raise _problems(exc, project_dir) from None
        except ValueError as exc:
            err_console.print(f"[red]{exc}[/]")
            raise typer.Exit(2) from None
    failed = [r for r in results if not r.ok]
    console.print(f"{len(results) - len(failed)} of {len(results)} profiles written to {out / 'profiles'}; "
                  f"index in {out / 'profiles' / 'index.csv'}")
    for r in failed:
        err_console.print(f"[red]failed[/] {r.key}: {r.error}", highlight=False)
    if failed:
        raise typer.Exit(1)


@app.command()
def blocks(kind: str = typer.Option("note", "--kind", help="Template kind: note or profile.")) -> None:
    """List every computed block a template can place, with its parameters and a one-line description."""
    from reporter.compose.template.blocks import COMMON, _type_text, describe

    for name, description, params in describe(kind):
        typer.echo(f"{name}  {description}")
        for pname, ptype, default in params:
            typer.echo(f"    {pname}: {ptype} = {default}")
    typer.echo("\nEvery block also takes:")
    for pname, (annotation, _default, text) in COMMON.items():
        typer.echo(f"    {pname}: {_type_text(annotation)}  {text}")


@app.command()
def compare(a: Path = typer.Argument(..., help="Expected: a PDF, a DOCX, or a folder (e.g. tests/golden/stv)."),
            b: Path = typer.Argument(..., help="Actual: a file of the same kind, or a folder."),
            out: Path = typer.Option(None, "--out", help="Folder for diff images of PDF pages that differ."),
            tolerance: float = typer.Option(None, "--tolerance", min=0.0, max=1.0,
                                            help="Share of a page's pixels that may change (default 0.001).")) -> None:
    """Compare two PDFs, two DOCX files or two output folders: text, table cells (and DOCX cell shading), and
    PDF pages as pictures. Exit 0 when equal within the tolerance, 1 when different, 2 on bad input."""
    from rich.markup import escape

    _require("compare", "reporter compare")
    from reporter.compare import DEFAULT_TOLERANCE, CompareInputError, compare_paths, format_report

    try:
        differences = compare_paths(a, b, out_dir=out, tolerance=DEFAULT_TOLERANCE if tolerance is None else tolerance)
    except CompareInputError as exc:
        err_console.print(f"[red]{escape(str(exc))}[/]", highlight=False)
        raise typer.Exit(2) from None
    console.print(format_report(differences, a, b), highlight=False, markup=False, soft_wrap=True)
    if differences:
        raise typer.Exit(1)


# --- the report service (reporter/service) ---------------------------------------------------------

DataDir = typer.Option(Path("service-data"), "--data-dir", help="Service state: SQLite database and files.")
token_app = typer.Typer(help="Create, list and revoke service tokens (stored hashed).", no_args_is_help=True)
app.add_typer(token_app, name="token")


@app.command()
def serve(host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
          port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
          data_dir: Path = DataDir,
          workers: int = typer.Option(2, "--workers", min=1, help="Renders at once; further jobs queue.")) -> None:
    """Run the report service: upload projects, render in the background, download, municipality pages."""
    _require("service", "reporter serve")
    import uvicorn

    from reporter.processes import long_lived_collector
    from reporter.service.app import create_app

    long_lived_collector()   # a server runs for days: the default collector, nothing frozen

    uvicorn.run(create_app(data_dir, workers=workers), host=host, port=port, log_level="info")


@token_app.command("create")
def token_create(consultant: str = typer.Option(None, "--consultant", help="A consultant: sees all its projects."),
                 project: str = typer.Option(None, "--project", help="Project id (with --municipality)."),
                 municipality: str = typer.Option(None, "--municipality", help="Municipality name as in project.yaml."),
                 data_dir: Path = DataDir) -> None:
    """Create a token and print it once (only its hash is stored)."""
    from reporter.service.store import Store

    if bool(consultant) == bool(project or municipality) or (not consultant and not (project and municipality)):
        err_console.print("[red]give either --consultant NAME, or --project P and --municipality M[/]")
        raise typer.Exit(2)
    store = Store(data_dir)
    if project:
        known = store.project(project)
        if known is None:
            err_console.print(f"[red]unknown project {project!r}: upload it first[/]", highlight=False)
            raise typer.Exit(2)
        if municipality not in known["municipalities"]:
            err_console.print(f"[red]unknown municipality {municipality!r} in {project}; known: "
                              f"{', '.join(known['municipalities'])}[/]", highlight=False)
            raise typer.Exit(2)
    typer.echo(store.create_token(consultant=consultant, project=project, municipality=municipality))


@token_app.command("list")
def token_list(data_dir: Path = DataDir) -> None:
    """List tokens by id and scope (the tokens themselves are not stored)."""
    from reporter.service.store import Store

    for row in Store(data_dir).list_tokens():
        scope = row["consultant"] if row["kind"] == "consultant" else f"{row['project']}/{row['municipality']}"
        state = "revoked" if row["revoked"] else "active"
        typer.echo("\t".join([str(row["id"]), row["kind"], scope, row["created"], state]))


@token_app.command("revoke")
def token_revoke(token_id: int = typer.Argument(..., help="Token id from `reporter token list`."),
                 data_dir: Path = DataDir) -> None:
    """Revoke a token by id."""
    from reporter.service.store import Store

    if not Store(data_dir).revoke_token(token_id):
        err_console.print(f"[red]no token with id {token_id}[/]")
        raise typer.Exit(2)
    typer.echo(f"revoked token {token_id}")


def main() -> None:
    """The console entry (``reporter``, ``python -m reporter``): the command, then the process ends without
    the interpreter's teardown (:func:`reporter.processes.exit_now`); a batch process's collector
    (:func:`reporter.processes.batch_collector`)."""
    from reporter.processes import batch_collector, exit_now

    batch_collector()
    try:
        app()
    except SystemExit as exc:
        exit_now(exc.code)
    exit_now(0)
