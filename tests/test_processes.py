"""``exit_now``: the process ends with ``sys.exit``'s status, after the atexit handlers and with its output
flushed, and waits as ``sys.exit`` does while another thread still runs; ``python -m reporter`` exits so."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reporter.processes import exit_code

ROOT = Path(__file__).resolve().parents[1]
# buffered output, as a console script has it: exit_now must flush it
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}, "PYTHONPATH": str(ROOT)}


def _run(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=ENV, cwd=ROOT,
                          timeout=60)


@pytest.mark.parametrize("code, status", [(None, 0), (0, 0), (3, 3), (256 + 4, 4), ("a message", 1)])
def test_exit_code_is_sys_exits(code, status):
    assert exit_code(code) == status
    shown = _run(f"import sys; sys.exit({code!r})")
    assert shown.returncode == status


@pytest.mark.parametrize("status", [0, 1, 2])
def test_exit_now_runs_atexit_flushes_and_keeps_the_status(tmp_path, status):
    mark = tmp_path / "atexit"
    script = f"""
import atexit, sys
from pathlib import Path
from reporter.processes import exit_now
atexit.register(lambda: Path({str(mark)!r}).write_text("ran"))
sys.stdout.write("x" * 100)   # buffered, not yet written
sys.stderr.write("err")
exit_now({status})
raise AssertionError("exit_now returned")
"""
    done = _run(script)
    assert done.returncode == status, done.stderr
    assert done.stdout == "x" * 100
    assert done.stderr == "err"
    assert mark.read_text() == "ran"


def test_exit_now_with_a_message_prints_it_and_exits_1():
    done = _run("from reporter.processes import exit_now; exit_now('went wrong')")
    assert (done.returncode, done.stderr.strip()) == (1, "went wrong")


def test_exit_now_waits_for_a_running_thread(tmp_path):
    mark = tmp_path / "thread"
    script = f"""
import threading, time
from pathlib import Path
from reporter.processes import exit_now
def work():
    time.sleep(0.5)
    Path({str(mark)!r}).write_text("finished")
threading.Thread(target=work).start()
exit_now(5)
"""
    done = _run(script)
    assert done.returncode == 5, done.stderr
    assert mark.read_text() == "finished"


def test_python_m_reporter_keeps_the_exit_statuses(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "reporter", "--help"], capture_output=True, text=True, env=ENV,
                        cwd=ROOT, timeout=60)
    assert ok.returncode == 0 and "metrics" in ok.stdout
    usage = subprocess.run([sys.executable, "-m", "reporter", "metrics"], capture_output=True, text=True, env=ENV,
                           cwd=ROOT, timeout=60)
    assert usage.returncode == 2 and "Missing argument" in usage.stderr
    (tmp_path / "project.yaml").write_text("not: [a project\n")
    bad = subprocess.run([sys.executable, "-m", "reporter", "metrics", str(tmp_path), "--out", str(tmp_path / "o")],
                         capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=60)
    assert bad.returncode == 1 and bad.stderr.strip()


# --- the collector of a batch process ---------------------------------------------------------------------

_PROBE = """
import gc, sys
import reporter.processes as processes
seen = {}
def report(code=0):
    print(gc.get_threshold(), gc.get_freeze_count() > 0, seen.get("frozen_at_load"))
    sys.stdout.flush()
    processes.os._exit(0)
processes.exit_now = report
import reporter.cli as cli
orig = cli._load
def load(project_dir):
    before = gc.get_freeze_count()
    loaded = orig(project_dir)
    seen["frozen_at_load"] = gc.get_freeze_count() > before
    return loaded
cli._load = load
sys.argv = ["reporter", "validate", "fixtures/stv"]
"""


def test_the_console_entry_sets_the_batch_collector_and_freezes_what_it_loaded():
    done = _run(_PROBE + "cli.main()\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[-2] == "(50000, 20, 100) True True"


def test_commands_called_as_a_library_leave_the_collector_alone():
    # the service and the tests call the commands in a long-lived process: nothing may be frozen there
    done = _run(_PROBE + "import gc\ndefault = gc.get_threshold()\n"
                "from typer.testing import CliRunner\nCliRunner().invoke(cli.app, sys.argv[1:])\n"
                "print(gc.get_threshold() == default, gc.get_freeze_count(), seen.get('frozen_at_load'))\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[-2] == "True 0 False"


def test_the_batch_collector_still_collects_cycles():
    script = """
import gc, weakref
from reporter.processes import batch_collector
batch_collector()
class Node: pass
a, b = Node(), Node(); a.other, b.other = b, a
probe = weakref.ref(a)
del a, b
kept = [[] for _ in range(60_000)]   # more live objects than the young threshold, as a command makes
print(probe() is None)
"""
    done = _run(script)
    assert done.stdout.strip() == "True", done.stderr


def test_serve_runs_with_the_default_collector(tmp_path):
    done = _run(_PROBE + "import gc\ndefault = gc.get_threshold()\nimport uvicorn\n"
                "uvicorn.run = lambda *a, **k: print(gc.get_threshold() == default, processes._batch)\n"
                f"sys.argv = ['reporter', 'serve', '--data-dir', {str(tmp_path / 'data')!r}]\ncli.main()\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "True False"


def _worker_sees() -> tuple[str, int]:
    """A pool job: the name its pool was started with, and its process (not the test's)."""
    from reporter.processes import pool_shared

    return pool_shared()[0], os.getpid()


def test_each_pool_hands_its_own_shared_object_to_its_workers_unpickled():
    """Two pools started at once from two threads give their workers their own ``shared`` (nothing global
    in this process), and a fork pool hands it over without pickling it (a lock does not pickle)."""
    import multiprocessing
    import threading

    from reporter.processes import pool_shared, process_pool

    fork = multiprocessing.get_context("fork")
    start = threading.Barrier(2)
    seen: dict[str, tuple[str, int]] = {}

    def run(name: str) -> None:
        with process_pool(1, mp_context=fork, shared=(name, threading.Lock())) as pool:
            start.wait(timeout=30)   # both pools exist before either worker runs a job
            seen[name] = pool.submit(_worker_sees).result(timeout=60)

    threads = [threading.Thread(target=run, args=(n,)) for n in ("stv", "sof")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert {name: got for name, (got, _) in seen.items()} == {"stv": "stv", "sof": "sof"}
    assert all(pid != os.getpid() for _, pid in seen.values())
    assert pool_shared() is None   # nothing was set in this process
