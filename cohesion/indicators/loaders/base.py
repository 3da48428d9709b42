"""Loaders: one small class per data source, listed in one registry.

A loader names the files it reads and the provenance of their release, and
turns them into indicator values (``compute``). The runner does everything
else the same way for every source (STYLE.md, practice 12): it fingerprints
the files with SHA-256 and skips a release already loaded, computes every
value before writing any, creates or updates the indicator definitions, and
stores the values in one transaction. Built-in loaders register exactly as a
council's own loader would::

    from cohesion.indicators.loaders.base import Loader, register

    @register
    class OurSurvey(Loader):
        key = "our_survey"
        ...
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pandas as pd
from django.apps import apps
from django.db import transaction

from cohesion.core.db import refresh_statistics
from cohesion.indicators.choices import DatasetKind
from cohesion.indicators.definitions import INDICATORS, IndicatorSpec
from cohesion.indicators.loaders.geography import Geography, geography_from_places
from cohesion.indicators.models import Dataset, Indicator
from cohesion.indicators.store import ValueRow, refresh_dataset_summary, replace_values

Progress = Callable[[str, int, int], None]
Say = Callable[[str], None]

OGL = "Open Government Licence v3.0"


class IndicatorLoadError(ValueError):
    """A source could not be loaded; nothing from it was saved."""


def _quiet(*args: object) -> None:
    return None


@dataclass
class LoadResult:
    key: str
    skipped: bool = False
    values: int = 0
    indicators: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


class Loader:
    """One data source. Subclasses set the class attributes and implement :meth:`compute`."""

    key: ClassVar[str]
    title: ClassVar[str]
    publisher: ClassVar[str]
    licence: ClassVar[str] = OGL
    upstream: ClassVar[str] = ""
    release_date: ClassVar[dt.date | None] = None
    geography_level: ClassVar[str] = ""
    generation_code: ClassVar[str] = ""
    files: ClassVar[tuple[str, ...]] = ()
    # National loaders fill the wards of every council of England and Wales; they
    # run only when asked (``load_indicators(..., national=True)``).
    national: ClassVar[bool] = False

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def compute(self, data_dir: Path, geography: Geography) -> dict[str, list[ValueRow]]:
        """Values per indicator code, from the files. Must not write to the database."""
        raise NotImplementedError

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    # Helpers shared by loaders.
    @staticmethod
    def read_csv(
        path: Path,
        *,
        required: list[str] | None = None,
        index: str | None = None,
        **kwargs: object,
    ) -> pd.DataFrame:
        """Read a CSV, refusing it with a plain message if it is unreadable or lacks columns."""
        try:
            frame = pd.read_csv(path, **kwargs)  # type: ignore[call-overload]
        except (OSError, ValueError, UnicodeDecodeError) as error:
            raise IndicatorLoadError(f"Cannot read {path.name}: {error}") from error
        wanted = [*(required or []), *([index] if index else [])]
        Loader.require_columns(frame, wanted, path.name)
        return frame.set_index(index) if index else frame

    @staticmethod
    def require_columns(frame: pd.DataFrame, columns: list[str], name: str) -> None:
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise IndicatorLoadError(f"{name} has no column(s) {', '.join(missing)}.")


_registry: dict[str, type[Loader]] = {}


def register(loader: type[Loader]) -> type[Loader]:
    """Add a loader to the registry (usable as a class decorator)."""
    if not getattr(loader, "key", ""):
        raise ValueError(f"{loader.__name__} needs a key.")
    _registry[loader.key] = loader
    return loader


def registered() -> list[type[Loader]]:
    return list(_registry.values())


def get_loader(key: str) -> type[Loader]:
    try:
        return _registry[key]
    except KeyError:
        known = ", ".join(sorted(_registry))
        raise IndicatorLoadError(f"No loader is called {key!r}. Known: {known}.") from None


def fingerprint(data_dir: Path, files: tuple[str, ...]) -> str:
    """One SHA-256 over the loader's files (each file's path and SHA-256), so any change is a new release."""
    combined = hashlib.sha256()
    for relative in files:
        path = data_dir / relative
        if not path.is_file():
            raise IndicatorLoadError(
                f"Cannot read {relative}: there is no such file in {data_dir}."
            )
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        combined.update(f"{relative}:{digest.hexdigest()}\n".encode())
    return combined.hexdigest()


def ensure_indicator(spec: IndicatorSpec) -> Indicator:
    indicator, _ = Indicator.objects.update_or_create(code=spec.code, defaults=spec.as_fields())
    return indicator


def run_loader(
    loader_class: type[Loader],
    data_dir: Path,
    geography: Geography,
    *,
    progress: Progress = _quiet,
    force: bool = False,
) -> LoadResult:
    """Load one source unless this release is already held. Nothing is written if it fails."""
    started = time.perf_counter()
    result = LoadResult(key=loader_class.key)
    sha256 = fingerprint(data_dir, loader_class.files)
    existing = Dataset.objects.filter(source=loader_class.key, sha256=sha256).first()
    if existing is not None and not force:
        result.skipped = True
        return result
    loader = loader_class()
    values = loader.compute(data_dir, geography)
    unknown = sorted(set(values) - set(INDICATORS))
    if unknown:
        raise IndicatorLoadError(
            f"{loader_class.key} made values for undefined indicators: {unknown}."
        )
    total = sum(len(rows) for rows in values.values())
    done = 0
    with transaction.atomic():
        dataset = existing or Dataset(source=loader_class.key, sha256=sha256)
        dataset.kind = DatasetKind.FILE
        dataset.title = loader_class.title
        dataset.publisher = loader_class.publisher
        dataset.licence = loader_class.licence
        dataset.upstream = loader_class.upstream
        dataset.release_date = loader_class.release_date
        dataset.geography_level = loader_class.geography_level
        dataset.generation_code = loader_class.generation_code
        dataset.file_path = "; ".join(loader_class.files)
        dataset.period_start = None
        dataset.period_end = None
        dataset.save()
        for code, rows in values.items():
            indicator = ensure_indicator(INDICATORS[code])
            done += replace_values(dataset, indicator, rows)
            progress(loader_class.key, done, total)
        progress(loader_class.key, total, total)
        # Values of an earlier release of this source that the new one replaced.
        for older in Dataset.objects.filter(source=loader_class.key).exclude(pk=dataset.pk):
            refresh_dataset_summary(older)
    result.values = total
    result.indicators = len(values)
    result.warnings = loader.warnings
    result.seconds = time.perf_counter() - started
    return result


def load_indicators(
    data_dir: Path,
    keys: list[str] | None = None,
    *,
    progress: Progress = _quiet,
    say: Say = _quiet,
    force: bool = False,
    national: bool = False,
) -> list[LoadResult]:
    """Run the named loaders (by default every registered one), in registration order.

    The national ward loaders run by default only with ``national``: they need
    the wards of England and Wales loaded in places, and fill all of them.
    """
    classes = (
        [get_loader(k) for k in keys]
        if keys
        else [c for c in registered() if national or not c.national]
    )
    geography = geography_from_places(data_dir)
    if geography.oa_population.empty:
        raise IndicatorLoadError("No output areas are loaded: run `cohesion load-places` first.")
    results = []
    for loader_class in classes:
        result = run_loader(loader_class, data_dir, geography, progress=progress, force=force)
        if result.skipped:
            say(f"{loader_class.key}: this release is already loaded; nothing changed.")
        else:
            say(
                f"{loader_class.key}: {result.values:,} values for {result.indicators} indicators "
                f"in {result.seconds:.1f} s."
            )
        for warning in result.warnings:
            say(f"  note: {warning}")
        results.append(result)
    # The planner reads the values by area and period: let it count them.
    refresh_statistics(apps.get_app_config("indicators").get_models())
    return results


def census_day_2021() -> tuple[dt.date, dt.date]:
    day = dt.date(2021, 3, 21)
    return day, day


def year(value: int) -> tuple[dt.date, dt.date]:
    return dt.date(value, 1, 1), dt.date(value, 12, 31)
