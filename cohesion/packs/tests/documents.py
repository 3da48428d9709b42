"""Reading packs' files back as text, and keeping their first pages as test artefacts."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

ARTEFACTS = Path(settings.REPO_DIR) / "test-artefacts" / "packs"


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def save_artefact(name: str, data: bytes) -> list[Path]:
    """Save a file under test-artefacts/packs; for a PDF, also its first two pages as PNG (pdftoppm).

    Returns the PNG files made (none without pdftoppm).
    """
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / name
    path.write_bytes(data)
    if not (name.endswith(".pdf") and shutil.which("pdftoppm")):
        return []
    stem = path.with_suffix("")
    for old in ARTEFACTS.glob(f"{stem.name}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(path), str(stem)], check=True
    )
    pages = sorted(ARTEFACTS.glob(f"{stem.name}-*.png"))
    print(f"First pages of {name}: {', '.join(str(p) for p in pages)}")
    return pages
