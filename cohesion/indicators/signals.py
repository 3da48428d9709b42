"""Signals other parts of Cohesion listen to, so indicators never imports them.

``values_stored`` is sent after the transaction that stored values of one
indicator commits (loaders, council uploads, and series published by tensions
and surveys all pass through :func:`cohesion.indicators.store.replace_values`).
Arguments: ``indicator_code`` (str) and ``area_codes`` (frozenset of GSS codes).
Plans listens to recompute the status of targets bound to those series.
"""

from __future__ import annotations

from django.dispatch import Signal

values_stored = Signal()
