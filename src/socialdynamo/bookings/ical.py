"""iCalendar (RFC 5545) feeds, written by hand: a handful of properties, no dependency."""

from datetime import UTC

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone


def _escape(text: str) -> str:
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _stamp(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _event(booking, *, summary, description="", location="") -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:booking-{booking.pk}@{settings.SITE_URL.split('://')[-1]}",
        f"DTSTAMP:{_stamp(booking.updated or timezone.now())}",
        f"DTSTART:{_stamp(booking.start)}",
        f"DTEND:{_stamp(booking.end)}",
        f"SUMMARY:{_escape(summary)}",
        "STATUS:" + ("CONFIRMED" if booking.state == "confirmed" else "TENTATIVE"),
    ]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    lines.append("END:VEVENT")
    return lines


def busy_event(booking, *, summary, location) -> list[str]:
    """For everyone: the time is busy, nothing more."""
    return _event(booking, summary=summary, location=location)


def detailed_event(booking) -> list[str]:
    return _event(
        booking,
        summary=f"{booking.purpose} · {booking.room.name}",
        description=settings.SITE_URL + booking.get_absolute_url(),
        location=booking.room.name,
    )


def calendar(*, name: str, events: list[list[str]]) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{_escape(settings.HUB_NAME)}//Rooms//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
        f"X-WR-TIMEZONE:{settings.TIME_ZONE}",
    ]
    for event in events:
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def response(body: str, *, filename: str) -> HttpResponse:
    result = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    result["Content-Disposition"] = f'inline; filename="{filename}"'
    result["Cache-Control"] = "private, max-age=300"
    return result
