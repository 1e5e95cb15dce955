"""The client's export as a readable PDF (reportlab's platypus: headings, paragraphs, tables).

Input is :func:`koers.trajectories.selectors.export_data`, the same dictionary as the JSON
export, so both always contain the same things.
"""

from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

SECTION_TITLES = {
    "client": gettext_lazy("Client"),
    "trajectory": gettext_lazy("Trajectory"),
    "phases": gettext_lazy("Phases"),
    "sex_work_status": gettext_lazy("Sex-work status"),
    "contacts": gettext_lazy("Contacts"),
    "handovers": gettext_lazy("Handovers"),
    "goals": gettext_lazy("Goals and support"),
    "referrals": gettext_lazy("Referrals"),
    "outcomes": gettext_lazy("Situation over time"),
    "events": gettext_lazy("Other events"),
}


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _mapping(story: list, data: dict, style, indent: int = 0) -> None:
    for key, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            story.append(Paragraph(f"<b>{escape(_label(key))}</b>", style))
            for item in value:
                _mapping(story, item, style, indent + 1)
            continue
        prefix = "&nbsp;" * 4 * indent
        story.append(
            Paragraph(f"{prefix}<b>{escape(_label(key))}:</b> {escape(_text(value))}", style)
        )


def render_pdf(data: dict[str, Any]) -> bytes:
    """A4 PDF with one section per part of the file; lists show one block per entry.

    Page streams are left uncompressed: the file stays small for one person, and its text
    can be searched by simple tools (and by our tests).
    """
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
    story: list = [Paragraph(escape(_("Everything Koers holds about you")), styles["Title"])]
    for key, title in SECTION_TITLES.items():
        section = data.get(key)
        story.append(Paragraph(escape(str(title)), styles["Heading2"]))
        if isinstance(section, dict):
            _mapping(story, section, body)
        elif not section:
            story.append(Paragraph("—", body))
        else:
            for entry in section:
                _mapping(story, entry, body)
                story.append(Spacer(1, 0.2 * cm))
    document.build(story)
    return buffer.getvalue()
