"""Checks for uploaded files: size first, then the content (never the name)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def check_size(upload, max_bytes: int | None = None) -> None:
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(max)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)},
        )


def validate_image(upload, max_bytes: int | None = None, max_pixels: int = 4096 * 4096):
    """Accept PNG, JPEG or WebP whose content really is that image; rename by real format."""
    check_size(upload, max_bytes)
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise ValidationError(
            _("This file is not an image we can use. Upload a PNG, JPEG or WebP image."),
            code="not_image",
        ) from exc
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("This file is not an image we can use. Upload a PNG, JPEG or WebP image."),
            code="not_image",
        )
    if width * height > max_pixels:
        raise ValidationError(
            _("The image is too large in pixels; make it smaller than 4096×4096."),
            code="too_many_pixels",
        )
    upload.seek(0)
    stem = "upload"
    upload.name = f"{stem}.{IMAGE_FORMATS[image_format]}"
    return upload
