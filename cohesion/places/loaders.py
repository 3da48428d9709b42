"""Load boundary releases and lookups into the database.

Each file is read and checked in full before anything is written, and each
file's areas are written in one transaction: an unreadable or malformed file
leaves the database as it was. A file already loaded (same path, same SHA-256)
is skipped, so loading twice changes nothing; a new release is a new
generation and never overwrites an old one.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import transaction
from shapely.geometry.base import BaseGeometry

from cohesion.core.db import refresh_statistics
from cohesion.places.assignment import area_index
from cohesion.places.choices import Level, RelationKind
from cohesion.places.models import Area, AreaRelation, Generation, GenerationSource
from cohesion.places.releases import (
    EW_WARD_POPULATION_FILE,
    EW_WARDS_FILE,
    HIGHER_LEVELS,
    LSOA11_TO_LSOA21_FILE,
    LSOA21_TO_WD24_FILE,
    LSOA21_TO_WD25_FILE,
    OGL,
    ONS,
    RELEASES,
    RELEASES_BY_CODE,
    TEES_VALLEY,
    AreaFile,
    Release,
)
from cohesion.places.spatial import (
    GeometryError,
    assign_points,
    polygon_from_geojson,
)

Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


class PlacesLoadError(ValueError):
    """A file could not be loaded; nothing from it was saved."""


@dataclass
class AreaRecord:
    code: str
    name: str
    parent_code: str | None = None
    geometry: dict[str, Any] | None = None
    # The boundary as checked (and repaired) when the file was read, reused when writing.
    shape: BaseGeometry | None = None
    lon: float | None = None
    lat: float | None = None
    population: int | None = None


@dataclass
class LoadReport:
    """What a load did, for the command line and the tests."""

    generations: dict[str, int] = field(default_factory=dict)
    skipped_files: list[str] = field(default_factory=list)
    relations: int = 0
    warnings: list[str] = field(default_factory=list)

    def add(self, generation: str, count: int) -> None:
        self.generations[generation] = self.generations.get(generation, 0) + count


# --- reading files -----------------------------------------------------------------


def _open_text(path: Path) -> io.TextIOBase:
    if not path.is_file():
        raise PlacesLoadError(f"Cannot read {path}: there is no such file.")
    try:
        if path.suffix == ".gz":
            return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig")
        return open(path, encoding="utf-8-sig")
    except OSError as exc:
        raise PlacesLoadError(f"Cannot read {path}: {exc.strerror or exc}.") from exc


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_geojson_areas(path: Path, spec: AreaFile) -> list[AreaRecord]:
    """Areas from a GeoJSON FeatureCollection, checked feature by feature."""
    try:
        with _open_text(path) as handle:
            document = json.load(handle)
    except (json.JSONDecodeError, UnicodeDecodeError, EOFError, gzip.BadGzipFile) as exc:
        raise PlacesLoadError(f"{path.name} is not valid GeoJSON: {exc}.") from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise PlacesLoadError(f"{path.name} is not a GeoJSON FeatureCollection.")
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise PlacesLoadError(f"{path.name} has no features.")
    records: list[AreaRecord] = []
    seen: set[str] = set()
    for number, feature in enumerate(features, start=1):
        props = feature.get("properties") or {} if isinstance(feature, dict) else {}
        code = str(props.get(spec.code_key) or "").strip()
        name = str(props.get(spec.name_key) or "").strip()
        if not code:
            raise PlacesLoadError(f"{path.name}: feature {number} has no {spec.code_key!r} code.")
        if code in seen:
            raise PlacesLoadError(
                f"{path.name}: the code {code} appears more than once (feature {number})."
            )
        seen.add(code)
        geometry = feature.get("geometry")
        try:
            shape = polygon_from_geojson(geometry)
        except GeometryError as exc:
            raise PlacesLoadError(
                f"{path.name}: feature {number} ({code}) has an unusable boundary: {exc}."
            ) from exc
        parent = str(props.get(spec.parent_key) or "").strip() if spec.parent_key else None
        records.append(
            AreaRecord(
                code=code,
                name=name or code,
                parent_code=parent or None,
                geometry=geometry,
                shape=shape,
            )
        )
    return records


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    try:
        with _open_text(path) as handle:
            return list(csv.DictReader(handle))
    except (csv.Error, UnicodeDecodeError, EOFError, gzip.BadGzipFile) as exc:
        raise PlacesLoadError(f"{path.name} is not a readable CSV file: {exc}.") from exc


def _require_columns(path: Path, rows: list[dict[str, str]], columns: Iterable[str | None]) -> None:
    if not rows:
        raise PlacesLoadError(f"{path.name} has no rows.")
    missing = [c for c in columns if c and c not in rows[0]]
    if missing:
        raise PlacesLoadError(f"{path.name} has no column {', '.join(missing)}.")


def read_csv_areas(
    path: Path, spec: AreaFile, keep: Callable[[dict[str, str]], bool] | None = None
) -> list[AreaRecord]:
    """Distinct areas from a CSV list or lookup (one row per area, or many rows per area)."""
    rows = read_csv_rows(path)
    _require_columns(
        path,
        rows,
        [
            spec.code_key,
            spec.name_key,
            spec.parent_key,
            spec.lon_key,
            spec.lat_key,
            spec.population_key,
        ],
    )
    records: dict[str, AreaRecord] = {}
    for number, row in enumerate(rows, start=2):
        if keep is not None and not keep(row):
            continue
        code = row[spec.code_key].strip()
        if not code:
            raise PlacesLoadError(f"{path.name}: row {number} has no {spec.code_key!r} code.")
        if code in records:
            continue
        record = AreaRecord(code=code, name=row[spec.name_key].strip() or code)
        if spec.parent_key:
            record.parent_code = row[spec.parent_key].strip() or None
        try:
            if spec.lon_key and spec.lat_key:
                record.lon, record.lat = float(row[spec.lon_key]), float(row[spec.lat_key])
            if spec.population_key:
                record.population = int(row[spec.population_key])
        except ValueError as exc:
            raise PlacesLoadError(
                f"{path.name}: row {number} ({code}) has a value that is not a number: {exc}."
            ) from exc
        records[code] = record
    return list(records.values())


# --- writing -----------------------------------------------------------------------


def _generation(release: Release) -> Generation:
    generation, _ = Generation.objects.get_or_create(
        code=release.code,
        defaults={
            "level": release.level,
            "name": release.name,
            "valid_from": release.valid_from,
            "valid_to": release.valid_to,
        },
    )
    return generation


def _parent_generation(level: str, generation: Generation) -> Generation | None:
    """The generation of ``level`` in force when ``generation`` began, else the nearest later one."""
    candidates = Generation.objects.filter(level=level)
    return (
        candidates.valid_on(generation.valid_from).order_by("-valid_from").first()
        or candidates.order_by("valid_from").first()
    )


def _write_areas(
    generation: Generation,
    spec: AreaFile,
    path: Path,
    records: list[AreaRecord],
    parent_level: str | None,
    report: LoadReport,
    progress: Progress,
) -> GenerationSource | None:
    """Add the areas of one file to a generation, in one transaction. Existing codes are kept."""
    sha = file_sha256(path)
    if GenerationSource.objects.filter(generation=generation, path=spec.path, sha256=sha).exists():
        report.skipped_files.append(spec.path)
        return None
    existing = set(generation.areas.values_list("code", flat=True))
    new = [r for r in records if r.code not in existing]

    parents: dict[str, Area] = {}
    parent_generation = _parent_generation(parent_level, generation) if parent_level else None
    if parent_generation is not None:
        parents = {a.code: a for a in parent_generation.areas.all()}
        # A parent code the parent generation does not hold (a council recoded since, such
        # as Barnsley's and Sheffield's in 2025) is replaced by the parent found by location.
        unparented = [
            r
            for r in new
            if r.shape is not None and (not r.parent_code or r.parent_code not in parents)
        ]
        recoded = sum(bool(r.parent_code) for r in unparented)
        if unparented:
            _parents_by_location(unparented, parent_generation)
        if recoded:
            report.warnings.append(
                f"{generation.code}: {recoded} areas name a parent not found in "
                f"{parent_generation.code}; their parent was found by location instead."
            )

    with transaction.atomic():
        source = GenerationSource.objects.create(
            generation=generation,
            path=spec.path,
            sha256=sha,
            publisher=spec.publisher,
            licence=spec.licence,
            upstream=spec.upstream,
            areas_added=len(new),
        )
        batch: list[Area] = []
        missing_parents = 0
        for number, record in enumerate(new, start=1):
            area = Area(
                generation=generation, code=record.code, name=record.name, level=generation.level
            )
            if record.parent_code:
                area.parent = parents.get(record.parent_code)
                missing_parents += area.parent is None
            if record.geometry is not None and record.shape is not None:
                geom = record.shape
                area.boundary = json.dumps(record.geometry, separators=(",", ":"))
                area.min_lon, area.min_lat, area.max_lon, area.max_lat = geom.bounds
                label = geom.representative_point()
                area.centroid_lon, area.centroid_lat = label.x, label.y
                generation.has_boundaries = True
            elif record.lon is not None:
                area.centroid_lon, area.centroid_lat = record.lon, record.lat
            if record.population is not None:
                area.population = record.population
                area.population_source = "Census 2021"
            batch.append(area)
            if len(batch) >= 500 or number == len(new):
                Area.objects.bulk_create(batch)
                batch = []
                progress(f"{generation.code} areas", number, len(new))
        generation.save(update_fields=["has_boundaries"])
    if missing_parents and parent_generation is not None:
        report.warnings.append(
            f"{generation.code}: {missing_parents} areas name a parent not found in {parent_generation.code}."
        )
    report.add(generation.code, len(new))
    return source


def _parents_by_location(records: list[AreaRecord], parent_generation: Generation) -> None:
    """Give each record the parent whose boundary holds its representative point."""
    if not parent_generation.areas.exclude(boundary="").exists():
        return
    points = [r.shape.representative_point() for r in records if r.shape is not None]
    codes = assign_points(
        area_index(parent_generation), [p.x for p in points], [p.y for p in points]
    )
    for record, code in zip(records, codes, strict=True):
        record.parent_code = code


def load_release(
    data_dir: Path,
    release: Release,
    *,
    scope: set[str] | None,
    report: LoadReport,
    progress: Progress,
) -> None:
    generation = _generation(release)
    for spec in release.files:
        path = data_dir / spec.path
        if path.name.endswith((".geojson", ".geojson.gz")):
            records = read_geojson_areas(path, spec)
        else:
            keep = None
            if scope is not None and spec.parent_key and release.level == Level.WARD:
                keep = lambda row, key=spec.parent_key: row[key] in scope  # noqa: E731
            records = read_csv_areas(path, spec, keep)
        _write_areas(generation, spec, path, records, release.parent_level, report, progress)


def _higher_levels(data_dir: Path, report: LoadReport, progress: Progress) -> None:
    councils = Generation.objects.get(code="LAD24")
    council_areas = {a.code: a for a in councils.areas.all()}
    for code, level, name, valid_from, rel_path, council_key, area_key, name_key in HIGHER_LEVELS:
        path = data_dir / rel_path
        rows = read_csv_rows(path)
        _require_columns(path, rows, [council_key, area_key, name_key])
        release = Release(
            code=code, level=level, name=name, valid_from=valid_from, valid_to=None, files=()
        )
        generation = _generation(release)
        spec = AreaFile(rel_path, area_key, name_key, upstream="humaniverse/geographr @ c026be5")
        records = read_csv_areas(path, spec)
        source = _write_areas(generation, spec, path, records, None, report, progress)
        if source is None:
            continue
        areas = {a.code: a for a in generation.areas.all()}
        links = []
        with transaction.atomic():
            for row in rows:
                council = council_areas.get(row[council_key].strip())
                target = areas.get(row[area_key].strip())
                if council is None or target is None:
                    continue
                links.append(
                    AreaRelation(
                        from_area=council, to_area=target, kind=RelationKind.WITHIN, source=source
                    )
                )
                if level == Level.REGION and council.parent_id is None:
                    council.parent = target
                    council.save(update_fields=["parent"])
            AreaRelation.objects.bulk_create(links, ignore_conflicts=True)
        report.relations += len(links)
        progress(f"{code} links", len(links), len(links))


def _link_lsoas(data_dir: Path, report: LoadReport, progress: Progress) -> None:
    """LSOA 2021 -> May 2025 ward (best fit, the parent) and -> May 2024 ward (official); LSOA 2011 -> 2021."""
    lsoa21 = Generation.objects.filter(code="LSOA21").first()
    if lsoa21 is None:
        return
    lsoas = {a.code: a for a in lsoa21.areas.all()}
    jobs = [
        (LSOA21_TO_WD25_FILE, "WD25", "lsoa21cd", "wd25cd", RelationKind.BEST_FIT, None, True),
        (
            LSOA21_TO_WD24_FILE,
            "WD24",
            "lsoa21_code",
            "ward24_code",
            RelationKind.WITHIN,
            None,
            False,
        ),
        (
            LSOA11_TO_LSOA21_FILE,
            "LSOA11",
            "lsoa11_code",
            "lsoa21_code",
            RelationKind.SUCCESSOR,
            "change_code",
            False,
        ),
    ]
    for rel_path, generation_code, from_key, to_key, kind, change_key, set_parent in jobs:
        other = Generation.objects.filter(code=generation_code).first()
        if other is None:
            continue
        path = data_dir / rel_path
        sha = file_sha256(path)
        if GenerationSource.objects.filter(generation=lsoa21, path=rel_path, sha256=sha).exists():
            report.skipped_files.append(rel_path)
            continue
        rows = read_csv_rows(path)
        _require_columns(path, rows, [from_key, to_key, change_key])
        others = {a.code: a for a in other.areas.all()}
        with transaction.atomic():
            source = GenerationSource.objects.create(
                generation=lsoa21,
                path=rel_path,
                sha256=sha,
                publisher=ONS,
                licence=OGL,
                upstream="ONS lookups via humaniverse/geographr and ONSvisual/geo-scripts",
            )
            links = []
            for row in rows:
                if kind == RelationKind.SUCCESSOR:
                    from_area, to_area = others.get(row[from_key]), lsoas.get(row[to_key])
                else:
                    from_area, to_area = lsoas.get(row[from_key]), others.get(row[to_key])
                if from_area is None or to_area is None:
                    continue
                links.append(
                    AreaRelation(
                        from_area=from_area,
                        to_area=to_area,
                        kind=kind,
                        source=source,
                        change_code=row[change_key] if change_key else "",
                    )
                )
                if set_parent and from_area.parent_id != to_area.pk:
                    from_area.parent = to_area
                    from_area.save(update_fields=["parent"])
            AreaRelation.objects.bulk_create(links, ignore_conflicts=True)
        report.relations += len(links)
        progress(f"LSOA21 -> {generation_code}", len(links), len(links))


def _roll_up_populations(data_dir: Path, report: LoadReport) -> None:
    """Census 2021 usual residents for LSOAs, May 2025 wards and councils, summed from output areas.

    Output areas map to May 2025 wards and councils by population-weighted
    centroid (ONS best-fit method), so sums of whole output areas reproduce the
    published council totals (Middlesbrough: 143,925).
    """
    oa_generation = Generation.objects.filter(code="OA21").first()
    if oa_generation is None:
        return
    path = data_dir / RELEASES_BY_CODE["OA21"].files[0].path
    rows = read_csv_rows(path)
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows:
        population = int(row["population"])
        totals[("LSOA21", row["lsoa21cd"])] += population
        totals[("WD25", row["wd25cd"])] += population
        totals[("LAD24", row["lad25cd"])] += population
    with transaction.atomic():
        for generation_code in ("LSOA21", "WD25", "LAD24"):
            areas = Area.objects.filter(generation__code=generation_code, population__isnull=True)
            updates = []
            for area in areas:
                value = totals.get((generation_code, area.code))
                if value is not None:
                    area.population, area.population_source = (
                        value,
                        "Census 2021, summed from output areas",
                    )
                    updates.append(area)
            Area.objects.bulk_update(updates, ["population", "population_source"], batch_size=500)


def council_scope(data_dir: Path, combined_authority: str = TEES_VALLEY) -> set[str]:
    path = data_dir / "lookups/lookup_ltla23_cauth23.csv"
    rows = read_csv_rows(path)
    _require_columns(path, rows, ["ltla23_code", "cauth23_code"])
    return {row["ltla23_code"] for row in rows if row["cauth23_code"] == combined_authority}


def load_places(
    data_dir: Path, *, progress: Progress = _no_progress, only: Iterable[str] | None = None
) -> LoadReport:
    """Load every known release for Tees Valley (councils for the whole UK), then lookups and populations."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise PlacesLoadError(
            f"The data folder {data_dir} does not exist. Give its path with --data-dir."
        )
    wanted = set(only) if only else None
    unknown = (wanted or set()) - set(RELEASES_BY_CODE)
    if unknown:
        raise PlacesLoadError(
            f"Unknown generation {', '.join(sorted(unknown))}; known: {', '.join(RELEASES_BY_CODE)}."
        )
    report = LoadReport()
    scope = council_scope(data_dir)
    for release in RELEASES:
        if wanted and release.code not in wanted:
            continue
        load_release(data_dir, release, scope=scope, report=report, progress=progress)
        if release.code == "LAD24":
            _higher_levels(data_dir, report, progress)
    _link_lsoas(data_dir, report, progress)
    _roll_up_populations(data_dir, report)
    refresh_places_statistics()
    return report


def load_england_wales_wards(data_dir: Path, *, progress: Progress = _no_progress) -> LoadReport:
    """Add all 7,590 May 2025 wards of England and Wales to the WD25 generation.

    Wards already loaded (for example Tees Valley's, at full resolution) are kept;
    the rest come from the simplified national file, with Census 2021 populations.
    """
    data_dir = Path(data_dir)
    report = LoadReport()
    if not Generation.objects.filter(code="LAD24").exists():
        load_release(
            data_dir, RELEASES_BY_CODE["LAD24"], scope=None, report=report, progress=progress
        )
        _higher_levels(data_dir, report, progress)
    generation = _generation(RELEASES_BY_CODE["WD25"])
    path = data_dir / EW_WARDS_FILE.path
    progress("reading England and Wales wards", 0, 1)
    records = read_geojson_areas(path, EW_WARDS_FILE)
    population_path = data_dir / EW_WARD_POPULATION_FILE
    population_rows = read_csv_rows(population_path)
    _require_columns(population_path, population_rows, ["wd25cd", "population"])
    populations = {
        row["wd25cd"]: round(float(row["population"]))
        for row in population_rows
        if row["population"]
    }
    for record in records:
        record.population = populations.get(record.code)
    _write_areas(generation, EW_WARDS_FILE, path, records, Level.COUNCIL, report, progress)
    refresh_places_statistics()
    return report


def refresh_places_statistics() -> None:
    """Let the database planner count the areas, generations and lookups just loaded."""
    refresh_statistics(apps.get_app_config("places").get_models())
