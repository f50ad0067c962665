"""PDF certificates of attendance (fpdf2, with the DejaVu font for Greek)."""

from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"


def verification_url(code: str) -> str:
    return f"{settings.SITE_URL}{reverse('events:certificate-verify')}?code={code}"


def render_pdf(registration, *, language: str = "el") -> bytes:
    event = registration.event
    with translation.override(language):
        title = event.title  # modeltranslation follows the active language
        pdf = FPDF(orientation="L", unit="mm", format="A4")
        pdf.set_title(_("Certificate of attendance"))
        pdf.set_author(settings.HUB_NAME)
        pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        pdf.set_auto_page_break(False)
        pdf.add_page()
        pdf.set_draw_color(30, 90, 120)
        pdf.set_line_width(1.2)
        pdf.rect(10, 10, 277, 190)
        pdf.set_y(32)
        pdf.set_font("DejaVu", "B", 14)
        pdf.cell(0, 10, settings.HUB_NAME, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "B", 28)
        pdf.cell(0, 20, _("Certificate of attendance"), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 14)
        pdf.cell(0, 12, _("This certifies that"), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "B", 22)
        pdf.cell(0, 14, registration.display_name, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 14)
        kind = event.kind.name
        pdf.cell(
            0,
            12,
            _("attended the %(kind)s") % {"kind": kind.lower()},
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_font("DejaVu", "B", 18)
        pdf.set_x(30)
        pdf.multi_cell(237, 10, f"“{title}”", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 13)
        start = timezone.localtime(event.start)
        end = timezone.localtime(event.end)
        when = date_format(start, "j F Y")
        if start.date() != end.date():
            when = f"{when} – {date_format(end, 'j F Y')}"
        hours = round((event.end - event.start).total_seconds() / 3600, 1)
        pdf.cell(
            0,
            10,
            _("on %(date)s (%(hours)s hours)") % {"date": when, "hours": f"{hours:g}"},
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        trainers = ", ".join(str(t) for t in event.trainers.all())
        if trainers:
            pdf.cell(
                0,
                9,
                _("Trainers: %(names)s") % {"names": trainers},
                align="C",
                new_x="LMARGIN",
                new_y="NEXT",
            )
        pdf.set_y(170)
        pdf.set_font("DejaVu", "", 10)
        code = registration.certificate_code
        pdf.cell(
            0,
            6,
            _("Certificate code: %(code)s") % {"code": code},
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.cell(
            0,
            6,
            _("Check it at %(url)s") % {"url": verification_url(code)},
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        return bytes(pdf.output())
