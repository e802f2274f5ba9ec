"""A chart-drawing process started before the report exists, so matplotlib's import and first draw happen
while the command still loads the survey and computes the metrics (one core is idle then).

``reporter note`` forks it first thing (:func:`chart_standby`). The process imports matplotlib and waits.
:meth:`ChartStandby.prepare` names the brand as soon as the project is loaded: the brand's fonts are
registered and a small figure is drawn in them (the font manager, the layout engine and the SVG writer
warmed). :meth:`ChartStandby.start_drawing` hands it the report's figures;
it draws them with :func:`reporter.charts.images.prerender` in workers forked from itself, warm, and
sends the images back. The bytes are those of drawing them in this process.

The standby process never compiles Typst (only the workers it forks rasterise), so its forks can
(:mod:`reporter.typst_engine`), and it is forked only from a process that has not compiled Typst. It dies
with the command (``PR_SET_PDEATHSIG``); when it is gone, the figures are drawn as without it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager

from reporter.model import Figure, Series

# what the standby draws while it waits: the kind most notes are made of, with a title, ticks and labels
_WARM_FIGURE = Figure(
    key="warm-up", kind="clustered_bar", caption="Opvarmning", categories=("a", "b"), alt_text="",
    series=(Series(name="Række", values=(1.0, 2.0), labels=("1,0", "2,0")),), y_title="pct.")


class ChartStandby:
    """The handle of a standby chart process (or of none: then :meth:`draw` returns nothing drawn)."""

    def __init__(self, process=None, conn=None) -> None:
        self._process = process
        self._conn = conn

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def prepare(self, brand_name: str) -> None:
        """Let the process register the brand's fonts and draw in them while this one goes on."""
        self._send(("brand", brand_name))

    def start_drawing(self, figures: list[Figure], brand, lang: str, specs: tuple, workers: int) -> bool:
        """Hand the figures to the standby process and return at once (collect their images, {render key:
        bytes} as :data:`reporter.charts.images._READY` keeps them, with :meth:`drawn`); False when there is no
        standby process (draw them here)."""
        return self._send(("draw", figures, brand, lang, specs, workers))

    def drawn(self) -> dict | None:
        """The images asked for by :meth:`start_drawing`, once drawn; None when the process died meanwhile.
        A drawing error is raised here."""
        if self._conn is None:
            return None
        try:
            status, payload = self._conn.recv()
        except (EOFError, OSError):
            self.close()
            return None
        if status == "error":
            raise payload
        return payload

    def close(self) -> None:
        """End the process (it also ends with this one)."""
        if self._conn is not None:
            try:
                self._conn.send(("stop",))
            except (OSError, ValueError):
                pass
            self._conn.close()
            self._conn = None
        if self._process is not None:
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join(timeout=5)
            self._process = None

    def _send(self, message: tuple) -> bool:
        if self._conn is None:
            return False
        try:
            self._conn.send(message)
        except (OSError, ValueError):
            self.close()
            return False
        return True


@contextmanager
def chart_standby(enabled: bool = True) -> Iterator[ChartStandby]:
    """A standby chart process for the ``with`` block, when ``enabled`` and this process may fork one (it
    has not compiled Typst); otherwise a handle with no process."""
    from reporter.typst_engine import fork_is_safe

    if not enabled or not fork_is_safe():
        yield ChartStandby()
        return
    context = multiprocessing.get_context("fork")
    here, there = context.Pipe()
    process = context.Process(target=_serve, args=(there, os.getpid()), name="reporter-chart-standby")
    process.start()
    there.close()
    standby = ChartStandby(process, here)
    try:
        yield standby
    finally:
        standby.close()


def _serve(conn, parent: int) -> None:
    """The standby process: warm up, then answer ``brand`` and ``draw`` messages until ``stop``."""
    from reporter.processes import die_with_parent

    die_with_parent(parent)
    from reporter.brand import load_brand
    from reporter.charts import images, render   # matplotlib imported here, while the command loads

    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message[0] == "stop":
            return
        if message[0] == "brand":
            try:
                _warm(render, load_brand(message[1]))
            except Exception:   # noqa: BLE001 - a brand that cannot load fails where the command loads it
                pass
            continue
        _, figures, brand, lang, specs, workers = message
        try:
            images.prerender(figures, brand, lang, specs, workers)
            conn.send(("ok", dict(images._READY)))
        except Exception as exc:   # noqa: BLE001 - handed to the command, which raises it
            _send_error(conn, exc)
        finally:
            images.forget_prerendered()


def _warm(render, brand) -> None:
    """Draw the warm-up figure as SVG (no Typst) in ``brand``'s fonts."""
    render.render_figure(_WARM_FIGURE, brand, "svg", width_cm=8.0)


def _send_error(conn, exc: Exception) -> None:
    """Hand a drawing error to the command as it was raised, or as its text when it does not pickle."""
    import pickle

    try:
        pickle.dumps(exc)
    except Exception:   # noqa: BLE001
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    conn.send(("error", exc))
