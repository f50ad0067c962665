"""Uploaded application documents: checked by size and by content, never by name."""

import zipfile

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


def sniff(upload) -> str | None:
    """The real type of the file from its first bytes (and, for zip-based formats, its
    contents): "pdf", "docx", "odt", "jpg", "png", or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                    return "docx"
                if "mimetype" in names and archive.read("mimetype").strip() == (
                    b"application/vnd.oasis.opendocument.text"
                ):
                    return "odt"
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
        finally:
            upload.seek(0)
    return None


def check_document(upload, requirement) -> str:
    from .services import SpaceError

    max_bytes = requirement.max_mb * 1024 * 1024
    field = f"doc_{requirement.pk}"
    if upload.size > max_bytes:
        raise SpaceError(
            _("The file is %(size)s; the largest allowed for “%(doc)s” is %(max)s.")
            % {
                "size": filesizeformat(upload.size),
                "max": filesizeformat(max_bytes),
                "doc": requirement.name,
            },
            field=field,
            code="too_large",
        )
    if upload.size == 0:
        raise SpaceError(_("The file is empty."), field=field)
    real = sniff(upload)
    if real not in requirement.type_list():
        raise SpaceError(
            _(
                "This file's content is not one of the accepted types for “%(doc)s” (%(types)s), whatever its name says."
            )
            % {"doc": requirement.name, "types": requirement.types_display()},
            field=field,
            code="wrong_type",
        )
    return real


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "jpg": "image/jpeg",
    "png": "image/png",
}
