"""Benchmark: the peer pipeline (Word template with docxtpl + a matplotlib chart per municipality + one
batch LibreOffice PDF conversion: ``shared/bench/peer_profiles.py``) against ``reporter profiles`` (PDF +
DOCX, 2 workers, load and metrics included) on the same generated 98 municipalities, whole processes,
several rounds alternating; prints the ratio peer / reporter per round and its median.
Goal: reporter at least 5× faster than the peer in the same run.

The peer needs ``docxtpl`` (LGPL, so a benchmark-only dependency, never a runtime one) and LibreOffice's
``soffice``; when either is missing this prints how to install them and exits 0.

    .venv/bin/python bench/peer.py [--rounds 3] [--peer PATH] [--project DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._measure import fmt_runs, machine_speed, median, reporter_cli, run_command  # noqa: E402

GOAL_RATIO = 5.0
INSTALL = ("  .venv/bin/pip install docxtpl==0.20.2          # benchmark only (LGPL): not a runtime dependency\n"
           "  apt-get install --no-install-recommends libreoffice-writer-nogui   # soffice, as root")


def peer_script(given: Path | None) -> Path | None:
    """The peer script: ``--peer``, ``$REPORTER_PEER``, or ``shared/bench/peer_profiles.py`` beside the
    checkout (``../shared`` from the main checkout, ``../../shared`` from a worktree under ``wt/``)."""
    candidates = [given] if given else []
    if os.environ.get("REPORTER_PEER"):
        candidates.append(Path(os.environ["REPORTER_PEER"]))
    candidates += [parent / "shared" / "bench" / "peer_profiles.py" for parent in ROOT.parents[:3]]
    return next((p for p in candidates if p is not None and p.is_file()), None)


def missing() -> list[str]:
    out = []
    if importlib.util.find_spec("docxtpl") is None:
        out.append("docxtpl (Python package)")
    if shutil.which("soffice") is None:
        out.append("LibreOffice (soffice)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--peer", type=Path, help="path of peer_profiles.py")
    parser.add_argument("--project", type=Path, help="an existing project (default: generate 98 municipalities)")
    parser.add_argument("--municipalities", type=int, default=98)
    parser.add_argument("--respondents", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    lacking = missing()
    if lacking:
        print(f"peer benchmark skipped: missing {', '.join(lacking)}. Install with:\n{INSTALL}")
        return 0
    script = peer_script(args.peer)
    if script is None:
        print("peer benchmark skipped: peer_profiles.py not found (give --peer PATH or set REPORTER_PEER)")
        return 0
    print(machine_speed())
    with tempfile.TemporaryDirectory(prefix="reporter-peer-") as tmp:
        project_dir = args.project
        if project_dir is None:
            from tools.generate_fixtures import generate_large

            project_dir = Path(tmp) / "large"
            t0 = time.perf_counter()
            generate_large(project_dir, n_municipalities=args.municipalities, respondents_per_wave=args.respondents)
            print(f"generated {args.municipalities} municipalities in {time.perf_counter() - t0:.1f}s")
        from reporter.config.load import load_project

        n = len(load_project(project_dir).municipalities)
        env = {"HOME": tmp}    # LibreOffice keeps its profile under $HOME: a fresh one per benchmark
        ratios, peers, ours = [], [], []
        for round_ in range(args.rounds + 1):
            peer_out = Path(tmp) / f"peer-{round_}"
            peer = run_command([sys.executable, str(script), str(n), str(peer_out)], env=env)
            pdfs = len(list(peer_out.glob("profile*.pdf")))
            out = Path(tmp) / f"reporter-{round_}"
            own = run_command(reporter_cli("profiles", str(project_dir), "--out", str(out), "--workers",
                                           str(args.workers), "--formats", "pdf,docx"))
            written = len(list((out / "profiles").glob("*.pdf")))
            label = "warm-up" if round_ == 0 else f"round {round_}"
            ratio = peer.seconds / own.seconds
            print(f"  {label}: peer {peer.seconds:6.2f}s ({pdfs} PDFs, peak RSS {peer.tree_mb:.0f} MB)   "
                  f"reporter {own.seconds:6.2f}s cpu {own.cpu:.2f}s ({written} PDFs, peak RSS {own.tree_mb:.0f} MB)   "
                  f"ratio {ratio:.2f}  load {peer.load:.1f}/{own.load:.1f}")
            if round_:
                ratios.append(ratio)
                peers.append(peer.seconds)
                ours.append(own.seconds)
    m = median(ratios)
    print(f"peer (docxtpl + matplotlib + LibreOffice) median {median(peers):.2f}s [{fmt_runs(peers)}]; "
          f"reporter profiles ({args.workers} workers, load and metrics included) median {median(ours):.2f}s "
          f"[{fmt_runs(ours)}]")
    print(f"ratio peer / reporter per round [{fmt_runs(ratios)}], median {m:.2f} "
          f"(goal ≥ {GOAL_RATIO:.0f}): {'met' if m >= GOAL_RATIO else 'NOT met'}")
    print(machine_speed())
    return 0


if __name__ == "__main__":
    sys.exit(main())
