"""Postcodes: load the ONS Postcode Directory, and find one that a person typed.

The ONS Postcode Directory (ONSPD) is one CSV row per postcode, cumulative since
1980, with its centroid (``lat``, ``long``, WGS 84) and the areas it lies in. The
column names have changed over the years (``oslaua``/``osward`` until 2024,
``lad25cd``/``wd25cd`` style since 2025; the National Statistics Postcode Lookup
uses ``laua``/``ward``), so the reader finds each column among its known names
(ONS, "ONS Postcode Directory User Guide", Office for National Statistics
Geography, each release's ``User Guide/ONSPD User Guide``).

A file is read and checked in full before anything is written and is written in
one transaction: a file with a bad row leaves the database as it was, and the
message names the rows. A file already loaded (same SHA-256) is skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from cohesion.core.db import refresh_statistics
from cohesion.places.choices import Level
from cohesion.places.loaders import PlacesLoadError, file_sha256
from cohesion.places.models import Area, Postcode, PostcodeFile

Progress = Callable[[str, int, int], None]

# A UK postcode: outward code (area letters, district) and inward code (sector digit,
# unit letters), as in BS 7666. The special GIR 0AA is included.
POSTCODE_RE = re.compile(r"^(GIR0AA|[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-Z]{2})$")

# Column names in ONSPD and NSPL releases, first choice first.
COLUMNS: dict[str, tuple[str, ...]] = {
    "postcode": ("pcds", "pcd", "pcd7", "pcd8", "pcd2", "postcode"),
    "lat": ("lat", "latitude"),
    "lon": ("long", "lon", "longitude"),
    "council": ("oslaua", "laua", "lad"),
    "ward": ("osward", "ward", "wd"),
    "lsoa": ("lsoa21", "lsoa21cd", "lsoa11", "lsoa11cd"),
    "introduced": ("dointr",),
    "terminated": ("doterm",),
}
# Since 2025 the area columns carry the year of their boundaries: lad25cd, wd25cd.
YEARED = {"council": re.compile(r"^lad\d\dcd$"), "ward": re.compile(r"^wd\d\dcd$")}
REQUIRED = ("postcode", "lat", "lon")
MAX_REPORTED_ERRORS = 20
BATCH = 5_000


def compact_postcode(text: str) -> str:
    """``" ts1  2ab "`` -> ``"TS12AB"``: upper case with every space removed."""
    return re.sub(r"\s+", "", text).upper()


def display_postcode(compact: str) -> str:
    """``"TS12AB"`` -> ``"TS1 2AB"``: the inward code is always the last three characters."""
    return f"{compact[:-3]} {compact[-3:]}"


def is_postcode(text: str) -> bool:
    return bool(POSTCODE_RE.match(compact_postcode(text)))


@dataclass
class PostcodeLoadReport:
    loaded: int = 0
    skipped_file: bool = False
    outside: int = 0
    terminated: int = 0
    councils: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Columns:
    names: dict[str, str]

    @classmethod
    def find(cls, header: Iterable[str], filename: str) -> _Columns:
        lowered = {h.strip().lower(): h for h in header}
        names: dict[str, str] = {}
        for role, options in COLUMNS.items():
            for option in options:
                if option in lowered:
                    names[role] = lowered[option]
                    break
            else:
                pattern = YEARED.get(role)
                yeared = sorted(h for h in lowered if pattern and pattern.match(h))
                if yeared:
                    names[role] = lowered[yeared[-1]]
        missing = [role for role in REQUIRED if role not in names]
        if missing:
            wanted = "; ".join(f"{role}: one of {', '.join(COLUMNS[role])}" for role in missing)
            raise PlacesLoadError(
                f"{filename} is not in the ONS Postcode Directory format: no column for {wanted}."
            )
        return cls(names)

    def get(self, row: dict[str, str], role: str) -> str:
        name = self.names.get(role)
        return (row.get(name) or "").strip() if name else ""


@contextmanager
def _open_postcode_csv(path: Path) -> Iterator[tuple[str, io.TextIOBase]]:
    """The CSV inside ``path``: a plain or gzipped CSV, or the ONSPD zip as ONS publishes it."""
    if not path.is_file():
        raise PlacesLoadError(f"Cannot read {path}: there is no such file.")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [
                m
                for m in archive.infolist()
                if m.filename.lower().endswith(".csv") and "multi_csv" not in m.filename
            ]
            # The whole-UK file is the largest CSV in Data/; the others are metadata.
            data = [m for m in members if m.filename.lower().startswith("data/")] or members
            if not data:
                raise PlacesLoadError(f"{path.name} holds no CSV file.")
            member = max(data, key=lambda m: m.file_size)
            with archive.open(member) as raw:
                yield member.filename, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        return
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as raw:
        yield path.name, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def _month(value: str) -> dt.date | None:
    """ONSPD dates are ``YYYYMM``; a postcode is taken to start or end on the month's first day."""
    if not value:
        return None
    if not re.fullmatch(r"\d{6}", value) or not 1 <= int(value[4:]) <= 12:
        raise ValueError(_("“%(value)s” is not a YYYYMM month") % {"value": value})
    return dt.date(int(value[:4]), int(value[4:]), 1)


def _coordinates(lat_text: str, lon_text: str) -> tuple[float | None, float | None]:
    lat, lon = float(lat_text), float(lon_text)
    # ONSPD marks a postcode with no grid reference with latitude 99.999999.
    if lat > 90:
        return None, None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(
            _("(%(lat)s, %(lon)s) is not a latitude and longitude") % {"lat": lat, "lon": lon}
        )
    return lat, lon


def default_councils() -> list[str]:
    """Councils whose wards are loaded: the places an installation serves."""
    return sorted(
        set(
            Area.objects.filter(level=Level.WARD, parent__isnull=False).values_list(
                "parent__code", flat=True
            )
        )
    )


def read_postcodes(
    path: Path,
    councils: Iterable[str] | None,
    include_terminated: bool = False,
    progress: Progress | None = None,
) -> tuple[list[Postcode], PostcodeLoadReport]:
    """Postcodes of ``councils`` (every council when None) from an ONSPD file, checked row by row."""
    keep = {c.strip().upper() for c in councils} if councils is not None else None
    report = PostcodeLoadReport(councils=sorted(keep) if keep is not None else [])
    found: dict[str, Postcode] = {}
    errors: list[str] = []
    error_count = 0
    try:
        with _open_postcode_csv(path) as (filename, handle):
            reader = csv.DictReader(handle)
            columns = _Columns.find(reader.fieldnames or [], filename)
            if keep is not None and "council" not in columns.names:
                raise PlacesLoadError(
                    f"{filename} has no council column (oslaua, laua or ladNNcd), so it cannot be "
                    "cut to the councils asked for; load it with --all-councils."
                )
            for number, row in enumerate(reader, start=2):
                if progress is not None and number % 50_000 == 0:
                    progress("Reading postcodes", number, number)
                council = columns.get(row, "council").upper()
                if keep is not None and council not in keep:
                    report.outside += 1
                    continue
                raw = columns.get(row, "postcode")
                compact = compact_postcode(raw)
                try:
                    if not POSTCODE_RE.match(compact):
                        raise ValueError(_("“%(value)s” is not a UK postcode") % {"value": raw})
                    terminated = _month(columns.get(row, "terminated"))
                    introduced = _month(columns.get(row, "introduced"))
                    lat, lon = _coordinates(columns.get(row, "lat"), columns.get(row, "lon"))
                except ValueError as exc:
                    error_count += 1
                    if len(errors) < MAX_REPORTED_ERRORS:
                        errors.append(f"row {number}: {exc}")
                    continue
                if terminated is not None and not include_terminated:
                    report.terminated += 1
                    continue
                found[compact] = Postcode(
                    compact=compact,
                    postcode=display_postcode(compact),
                    lat=lat,
                    lon=lon,
                    council_code=council,
                    ward_code=columns.get(row, "ward").upper(),
                    lsoa_code=columns.get(row, "lsoa").upper(),
                    introduced=introduced,
                    terminated=terminated,
                )
    except (csv.Error, UnicodeDecodeError, EOFError, gzip.BadGzipFile, zipfile.BadZipFile) as exc:
        raise PlacesLoadError(f"{path.name} is not a readable CSV file: {exc}.") from exc
    except OSError as exc:
        raise PlacesLoadError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    if error_count:
        more = f" (and {error_count - len(errors)} more)" if error_count > len(errors) else ""
        raise PlacesLoadError(
            f"{path.name}: {error_count} rows cannot be read, so nothing was loaded{more}:\n  "
            + "\n  ".join(errors)
        )
    return list(found.values()), report


def load_postcodes(
    path: Path,
    councils: Iterable[str] | None = (),
    include_terminated: bool = False,
    progress: Progress | None = None,
) -> PostcodeLoadReport:
    """Load an ONSPD file for ``councils``: the councils whose wards are loaded by default
    (``()``), or every council (``None``). Returns what was done."""
    path = Path(path)
    if councils == ():
        councils = default_councils()
    sha = file_sha256(path) if path.is_file() else ""
    if sha and PostcodeFile.objects.filter(sha256=sha).exists():
        return PostcodeLoadReport(skipped_file=True)
    records, report = read_postcodes(path, councils, include_terminated, progress)
    if not records:
        where = ", ".join(report.councils) or "any council"
        raise PlacesLoadError(f"{path.name} has no postcodes in {where}; nothing was loaded.")
    fields = [
        "postcode",
        "lat",
        "lon",
        "council_code",
        "ward_code",
        "lsoa_code",
        "introduced",
        "terminated",
        "source",
    ]
    with transaction.atomic():
        source = PostcodeFile.objects.create(
            name=path.name,
            sha256=sha,
            publisher="Office for National Statistics",
            licence="Open Government Licence v3.0; contains OS data, Royal Mail data",
            postcodes_loaded=len(records),
        )
        for start in range(0, len(records), BATCH):
            batch = records[start : start + BATCH]
            for record in batch:
                record.source = source
            Postcode.objects.bulk_create(
                batch, update_conflicts=True, unique_fields=["compact"], update_fields=fields
            )
            if progress is not None:
                progress("Saving postcodes", start + len(batch), len(records))
    refresh_statistics([Postcode, PostcodeFile])
    report.loaded = len(records)
    return report


class PostcodeLookupError(ValueError):
    """A postcode could not be used; the message says why in plain words."""


def postcodes_loaded() -> bool:
    return Postcode.objects.exists()


def find_postcode(text: str) -> Postcode:
    """The loaded postcode a person typed (any case, any spacing), with its coordinates."""
    compact = compact_postcode(text)
    if not POSTCODE_RE.match(compact):
        raise PostcodeLookupError(
            _("“%(value)s” is not a postcode. Enter a postcode like TS1 2AB.")
            % {"value": text.strip()}
        )
    postcode = Postcode.objects.filter(compact=compact).first()
    # Whether any postcode is loaded is asked only when this one is not found.
    if postcode is None and not postcodes_loaded():
        raise PostcodeLookupError(
            _(
                "Searching by postcode is not set up here yet. Search by ward instead, "
                "or ask the site's operator to load the ONS Postcode Directory."
            )
        )
    if postcode is None:
        raise PostcodeLookupError(
            _("We do not know the postcode %(postcode)s. Check it, or search by ward instead.")
            % {"postcode": display_postcode(compact)}
        )
    if postcode.lat is None or postcode.lon is None:
        raise PostcodeLookupError(
            _("The postcode %(postcode)s has no location. Search by ward instead.")
            % {"postcode": postcode.postcode}
        )
    return postcode
