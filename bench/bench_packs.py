"""Ward councillor briefings for every Tees Valley ward: make, HTML and PDF, beside Chromium's print-to-PDF.

A fresh SQLite database is built in a temporary folder exactly as ``cohesion demo
--no-serve`` builds it (real Tees Valley places and indicators, persona accounts,
the labelled synthetic incident reports, tension assessments, surveys and plans),
and each Tees Valley council without one gets a council organisation. Then, for
each of the 103 May 2025 wards (``--quick``: 10), the ward briefing for the demo's
period (the twelve weeks to yesterday) is

1. **made** (``cohesion.packs.making.make_pack``: every section builder of the
   council's template run against the database, the result frozen as JSON);
2. rendered to **HTML** (``renderers.document_html``, the self-contained document);
3. rendered to **PDF** by WeasyPrint (``renderers.pdf_bytes``, tagged PDF/UA);
4. and, as the peer, the *same HTML* printed to PDF by headless Chromium
   (Playwright's ``page.pdf`` with Debian's chromium, A4, CSS page size honoured),
   in the same run, on the same machine.

Pages are counted in each PDF with pypdf; "pages/s" for HTML uses WeasyPrint's
page count of the same document, so the three rates are comparable. The briefing
is the council's default template: every section registered in
``cohesion/packs/sections/`` (the run stops if the template names one that is not).

Run: ``.venv/bin/python bench/bench_packs.py`` (``--quick`` for 10 wards).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QUICK_WARDS = 10
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def default_data_dir() -> Path:
    configured = os.environ.get("COHESION_DATA_DIR")
    return Path(configured) if configured else REPO.parent / "shared" / "data"


def build_database(data_dir: Path) -> float:
    from django.core.management import call_command

    from cohesion.accounts.choices import OrganisationKind
    from cohesion.accounts.models import Organisation
    from cohesion.places.models import Area

    started = time.perf_counter()
    call_command("demo", no_serve=True, no_progress=True, data_dir=data_dir, stdout=io.StringIO())
    for council in Area.objects.current("council"):
        if not Organisation.objects.filter(kind=OrganisationKind.COUNCIL, areas=council).exists():
            organisation = Organisation.objects.create(
                name=f"{council.name} Council", kind=OrganisationKind.COUNCIL
            )
            organisation.areas.add(council)
    return time.perf_counter() - started


def outline() -> list[dict[str, str]]:
    """The ward briefing's default sections, every one of them a real, registered builder."""
    from cohesion.packs.defaults import DEFAULT_SECTIONS
    from cohesion.packs.making import missing_sections

    entries = [
        {"key": key, "heading": heading} for key, heading in DEFAULT_SECTIONS["ward-briefing"]
    ]
    missing = missing_sections(entries)
    if missing:
        raise SystemExit(
            "The ward briefing names sections that are not registered: " + ", ".join(missing)
        )
    return entries


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"only the first {QUICK_WARDS} wards")
    parser.add_argument("--data-dir", type=Path, default=default_data_dir())
    args = parser.parse_args(argv)

    var_dir = Path(tempfile.mkdtemp(prefix="cohesion-bench-packs-"))
    os.environ["COHESION_VAR_DIR"] = str(var_dir)
    os.environ["COHESION_DATA_DIR"] = str(args.data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghij")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cohesion.settings")
    if not os.environ.get("CONTACT_ENCRYPTION_KEY"):
        from cryptography.fernet import Fernet

        os.environ["CONTACT_ENCRYPTION_KEY"] = Fernet.generate_key().decode()
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.utils import timezone
    from playwright.sync_api import sync_playwright

    from cohesion.packs import making, renderers
    from cohesion.packs.demo import demo_packs
    from cohesion.packs.models import PackTemplate
    from cohesion.places.models import Area

    build_seconds = build_database(args.data_dir)
    sections = outline()
    period = demo_packs(timezone.localdate())[0].period
    codes = list(
        Area.objects.filter(generation__code="WD25").order_by("code").values_list("code", flat=True)
    )
    if args.quick:
        codes = codes[:QUICK_WARDS]

    make_s, html_s, pdf_s, chrome_s = [], [], [], []
    pages = chrome_pages = 0
    skipped: dict[str, str] = {}
    documents = []
    for code in codes:
        started = time.perf_counter()
        try:
            pack = making.make_pack(None, "ward-briefing", code, period, template=sections)
        except making.PackError as error:
            skipped[code] = str(error)
            continue
        make_s.append(time.perf_counter() - started)

        started = time.perf_counter()
        html = renderers.document_html(pack)
        html_s.append(time.perf_counter() - started)
        documents.append(html)

        started = time.perf_counter()
        pdf = renderers.pdf_bytes(pack, html)
        pdf_s.append(time.perf_counter() - started)
        pages += page_count(pdf)

    # Chromium runs after the database work: Playwright's sync API runs an event loop,
    # in which Django refuses database queries.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        page = browser.new_page()
        for html in documents:
            started = time.perf_counter()
            page.set_content(html, wait_until="load")
            chrome_pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
            chrome_s.append(time.perf_counter() - started)
            chrome_pages += page_count(chrome_pdf)
        browser.close()
    PackTemplate.objects.all().delete()

    done = len(make_s)
    print(
        f"Ward councillor briefings, {done} of {len(codes)} Tees Valley wards (May 2025), "
        f"period {period.label}, SQLite"
    )
    print(f"Demo database built in {build_seconds:.1f} s.")
    print("Sections: " + ", ".join(s["key"] for s in sections))
    for code, reason in list(skipped.items())[:5]:
        print(f"  skipped {code}: {reason}")
    if not done:
        raise SystemExit("No pack could be made.")
    total = {
        "make": sum(make_s),
        "html": sum(html_s),
        "pdf": sum(pdf_s),
        "chrome": sum(chrome_s),
    }
    print()
    print(f"{'step':<46}{'s/pack (median)':>16}{'total s':>9}{'pages':>7}{'pages/s':>9}")
    rows = [
        ("make (build sections, freeze)", make_s, None),
        ("HTML document (Django template)", html_s, pages),
        ("PDF, WeasyPrint (tagged PDF/UA)", pdf_s, pages),
        ("peer: PDF, headless Chromium print-to-PDF", chrome_s, chrome_pages),
    ]
    for label, timings, count in rows:
        rate = f"{count / sum(timings):>9.1f}" if count else f"{'':>9}"
        print(
            f"{label:<46}{statistics.median(timings):>16.4f}{sum(timings):>9.2f}"
            f"{(count if count is not None else ''):>7}{rate}"
        )
    print()
    print(
        f"WeasyPrint / Chromium time per pack (median): {statistics.median(pdf_s) / statistics.median(chrome_s):.2f}x"
    )
    print(
        f"make + HTML + WeasyPrint PDF per pack (mean): {(total['make'] + total['html'] + total['pdf']) / done:.3f} s"
    )


if __name__ == "__main__":
    main()
