"""The person's export as a readable PDF (reportlab's platypus: headings, paragraphs).

Input is :func:`koers.trajectories.person_export.person_export`, the same dictionary as the
JSON export, so both always contain the same things. Labels come from its ``labels`` (in
the export's language), dates are written in that language's format, and the last part
explains what Koers keeps and the person's rights.
"""

from datetime import date
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import override
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

from .person_export import SECTIONS, readable_date


def _text(value: Any, language: str) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return readable_date(value, language)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _mapping(story: list, data: dict, labels: dict, style, language: str, indent: int = 0) -> None:
    for key, value in data.items():
        label = escape(labels.get(key, key))
        if isinstance(value, list) and value and isinstance(value[0], dict):
            story.append(Paragraph(f"{'&nbsp;' * 4 * indent}<b>{label}</b>", style))
            for item in value:
                _mapping(story, item, labels, style, language, indent + 1)
            continue
        prefix = "&nbsp;" * 4 * indent
        text = escape(_text(value, language)).replace("\n", "<br/>")
        story.append(Paragraph(f"{prefix}<b>{label}:</b> {text}", style))


def render_pdf(data: dict[str, Any]) -> bytes:
    """A4 PDF with one section per part of the file and a closing page on the person's
    rights. Page streams are left uncompressed: the file stays small for one person, and
    its text can be searched by simple tools (and by our tests)."""
    language = data.get("language", "nl")
    with override(language):
        return _render(data, language)


def _render(data: dict[str, Any], language: str) -> bytes:
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title="Koers",
        pageCompression=0,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
    )
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    labels = data["labels"]
    story: list = [
        Paragraph(escape(data["title"]), styles["Title"]),
        Paragraph(escape(readable_date(data["made_on"], language)), body),
    ]
    for key in SECTIONS:
        section = data.get(key)
        story.append(Paragraph(escape(labels.get(key, key)), styles["Heading2"]))
        if isinstance(section, dict):
            _mapping(story, section, labels, body, language)
        elif not section:
            story.append(Paragraph("—", body))
        else:
            for entry in section:
                _mapping(story, entry, labels, body, language)
                story.append(Spacer(1, 0.2 * cm))
    about = data["about"]
    story += [PageBreak(), Paragraph(escape(about["title"]), styles["Heading2"])]
    story += [Paragraph(escape(paragraph), body) for paragraph in about["paragraphs"]]
    document.build(story)
    return buffer.getvalue()
