"""A chart-drawing process started before the report exists, so matplotlib's import and first draws happen
while the command still loads the survey and computes the metrics (one core is idle then).

``reporter note`` forks it first thing (:func:`chart_standby`). The process imports matplotlib and forks its
chart workers at once, before anything has compiled Typst. :meth:`ChartStandby.prepare` names the brand as soon
as the project is loaded: each worker registers the brand's fonts and draws a small figure in them, as SVG and
as PNG (the font manager, the layout engine, the SVG writer and the worker's Typst rasteriser warmed).
:meth:`ChartStandby.draw` hands the standby the report's figures; it gives them out one at a time to whichever
worker is free and sends the images back. The bytes are those of drawing them in this process.

The standby process itself never compiles Typst (only its workers rasterise), and it is forked only from a
process that has not compiled Typst. It and its workers die with the command (``PR_SET_PDEATHSIG``). When
the standby is gone, the figures are drawn as without it; when one of its workers is gone, the standby draws
with freshly forked workers (:func:`reporter.charts.images.prerender`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import wait

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

    def draw(self, figures: list[Figure], brand, lang: str, specs: tuple, workers: int) -> dict | None:
        """The figures' images ({render key: bytes}, as :data:`reporter.charts.images._READY` keeps them) drawn
        by the standby process and its forks; None when there is no standby process (draw them here)."""
        if not self.start_drawing(figures, brand, lang, specs, workers):
            return None
        return self.drawn()

    def start_drawing(self, figures: list[Figure], brand, lang: str, specs: tuple, workers: int) -> bool:
        """Hand the figures to the standby process and return at once (collect them with :meth:`drawn`);
        False when there is no standby process."""
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
def chart_standby(enabled: bool = True, workers: int = 2) -> Iterator[ChartStandby]:
    """A standby chart process with ``workers`` chart workers for the ``with`` block, when ``enabled`` and this
    process may fork one (it has not compiled Typst); otherwise a handle with no process."""
    from reporter.typst_engine import fork_is_safe

    if not enabled or not fork_is_safe():
        yield ChartStandby()
        return
    context = multiprocessing.get_context("fork")
    here, there = context.Pipe()
    process = context.Process(target=_serve, args=(there, os.getpid(), max(1, workers)),
                              name="reporter-chart-standby")
    process.start()
    there.close()
    standby = ChartStandby(process, here)
    try:
        yield standby
    finally:
        standby.close()


class WorkerLost(RuntimeError):
    """A chart worker of the standby ended while it was drawing."""


class _Workers:
    """The standby's chart workers: forked processes, each drawing one figure at a time."""

    def __init__(self, count: int) -> None:
        context = multiprocessing.get_context("fork")
        self.processes, self.conns = [], []
        for i in range(count):
            here, there = context.Pipe()
            process = context.Process(target=_work, args=(there, os.getpid()), name=f"reporter-chart-worker-{i + 1}")
            process.start()
            there.close()
            self.processes.append(process)
            self.conns.append(here)
        self.broken = False

    def tell(self, message: tuple) -> None:
        """Send every worker ``message`` (no answer)."""
        for conn in self.conns:
            try:
                conn.send(message)
            except (OSError, ValueError):
                self.broken = True

    def draw(self, figures: list[Figure], brand, lang: str, specs: tuple) -> dict:
        """The figures' images ({render key: bytes}), each figure drawn by the next free worker. A drawing error
        is raised once the figures given out are back; :class:`WorkerLost` when a worker ended."""
        from reporter.charts.images import _image_key, _layout_key

        pending, idle, busy = list(figures), list(self.conns), {}
        drawn: dict[tuple, bytes] = {}
        error: Exception | None = None
        while pending or busy:
            while pending and idle and error is None:
                conn, figure = idle.pop(), pending.pop(0)
                try:
                    conn.send(("draw", figure, brand, lang, specs))
                except (OSError, ValueError):
                    self.broken = True
                    raise WorkerLost("a chart worker ended") from None
                busy[conn] = figure
            if not busy:
                break
            for conn in wait(list(busy)):
                try:
                    status, payload = conn.recv()
                except (EOFError, OSError):
                    self.broken = True
                    raise WorkerLost("a chart worker ended") from None
                figure = busy.pop(conn)
                idle.append(conn)
                if status == "error":
                    error = error or payload
                    continue
                for (fmt, dpi, width), data in payload.items():
                    drawn[_layout_key(figure, brand, width, lang) + _image_key(fmt, dpi)] = data
        if error is not None:
            raise error
        return drawn

    def close(self) -> None:
        self.tell(("stop",))
        for conn in self.conns:
            conn.close()
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)


def _serve(conn, parent: int, workers: int) -> None:
    """The standby process: fork the workers, then answer ``brand`` and ``draw`` messages until ``stop``."""
    from reporter.processes import die_with_parent

    die_with_parent(parent)
    from reporter.charts import images, render   # noqa: F401 - matplotlib imported here, while the command loads

    pool = _Workers(workers)
    try:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return
            if message[0] == "stop":
                return
            if message[0] == "brand":
                pool.tell(message)
                continue
            _, figures, brand, lang, specs, count = message
            try:
                if pool.broken:
                    images.prerender(figures, brand, lang, specs, count)   # workers forked afresh
                    drawn = dict(images._READY)
                else:
                    drawn = pool.draw(figures, brand, lang, specs)
                conn.send(("ok", drawn))
            except WorkerLost:
                try:
                    images.prerender(figures, brand, lang, specs, count)
                    conn.send(("ok", dict(images._READY)))
                except Exception as exc:   # noqa: BLE001 - handed to the command, which raises it
                    _send_error(conn, exc)
            except Exception as exc:   # noqa: BLE001 - handed to the command, which raises it
                _send_error(conn, exc)
            finally:
                images.forget_prerendered()
    finally:
        pool.close()


def _work(conn, parent: int) -> None:
    """A chart worker: warm up in a brand when told, draw one figure's images per ``draw`` message."""
    from reporter.processes import die_with_parent

    die_with_parent(parent)
    from reporter.brand import load_brand
    from reporter.charts import render

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
        _, figure, brand, lang, specs = message
        try:
            conn.send(("ok", render._draw_images(figure, brand, lang, specs)))
        except Exception as exc:   # noqa: BLE001 - handed to the standby, which hands it on
            _send_error(conn, exc)


def _warm(render, brand) -> None:
    """Draw the warm-up figure in ``brand``'s fonts as SVG and as PNG (this worker's Typst: its fonts loaded)."""
    render.render_figure(_WARM_FIGURE, brand, "svg", width_cm=8.0)
    render.render_figure(_WARM_FIGURE, brand, "png", dpi=300, width_cm=8.0)


def _send_error(conn, exc: Exception) -> None:
    """Hand a drawing error on as it was raised, or as its text when it does not pickle."""
    import pickle

    try:
        pickle.dumps(exc)
    except Exception:   # noqa: BLE001
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    conn.send(("error", exc))
