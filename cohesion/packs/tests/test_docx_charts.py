"""Charts in the DOCX: each chart's SVG drawn as a PNG picture with its text alternative."""

from __future__ import annotations

import io

import pytest

from cohesion.packs import making, renderers
from cohesion.packs.choices import PackKind
from cohesion.packs.contents import Chart
from cohesion.packs.periods import parse_period
from cohesion.packs.tests.helpers import NORTH_ORMESBY, TEST_TEMPLATE, record_value

pytestmark = pytest.mark.django_db
BLUE = (29, 112, 184)  # the bar's #1d70b8
WHITE = (255, 255, 255)


def test_the_docx_carries_each_chart_as_a_picture_read_back_from_the_file(alice):
    from docx import Document
    from PIL import Image

    record_value(NORTH_ORMESBY, "ESOL learners", 12)
    pack = making.issue(
        making.make_pack(
            alice,
            PackKind.WARD_BRIEFING,
            NORTH_ORMESBY,
            parse_period("2025-Q2"),
            template=TEST_TEMPLATE,
        ),
        alice,
    )
    document = Document(io.BytesIO(renderers.docx_bytes(pack)))

    [shape] = document.inline_shapes
    assert shape._inline.docPr.get("descr") == "A bar chart of the recorded values."
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip
    image = document.part.related_parts[blip.embed]
    assert image.content_type == "image/png"
    picture = Image.open(io.BytesIO(image.blob)).convert("RGB")
    # The test chart is a 200 x 60 box with a bar from x 0 to 120, y 10 to 30: drawn 1200 wide.
    assert picture.size == (1200, 360)
    assert picture.getpixel((300, 120)) == BLUE
    assert picture.getpixel((1000, 120)) == WHITE
    captions = [p.text for p in document.paragraphs if p.text.startswith("Chart: Values.")]
    assert captions == ["Chart: Values. A bar chart of the recorded values."]


def test_a_chart_that_cannot_be_drawn_leaves_its_caption_and_no_picture():
    broken = Chart(title="Broken", svg="<svg><rect", alt="A chart that does not parse.")
    assert renderers.chart_png(broken) is None
