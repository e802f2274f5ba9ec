"""Metric tables: pure pandas/numpy computations from a ``Project`` and a ``Survey`` (no rendering).

Every table is tidy: ``municipality`` (a name or ``"total"``), ``group`` (role id, side, ``"samlet"`` or
``"total"``), ``wave`` and value columns; shares are fractions 0–1, means on the 1–5 scale, missing = NaN,
values exact (display rounding happens in the document layer).

Core tables: :mod:`.responses`, :mod:`.item_means`, :mod:`.fidelity` (indicator and fidelity mean),
:mod:`.power_ranking`; helpers :mod:`.change` (traffic lights) and :mod:`.suppression` (small groups).
"""
