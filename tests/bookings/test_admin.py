"""The back office: room photos are checked by content; bookings are read-only there."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from PIL import Image

from socialdynamo.bookings.admin import BookingAdmin, RoomPhotoForm
from socialdynamo.bookings.models import Booking, RoomPhoto

from .factories import RoomFactory

pytestmark = pytest.mark.django_db

PhotoForm = modelform_factory(RoomPhoto, form=RoomPhotoForm, fields=["room", "image", "position"])


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 10, 10)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_photo_must_really_be_an_image():
    room = RoomFactory()
    fake = SimpleUploadedFile("photo.png", b"<script>alert(1)</script>", content_type="image/png")
    form = PhotoForm({"room": room.pk, "position": 0}, {"image": fake})
    assert not form.is_valid()
    assert "image" in form.errors
    real = SimpleUploadedFile("anything.gif", png_bytes(), content_type="image/gif")
    form = PhotoForm({"room": room.pk, "position": 0}, {"image": real})
    assert form.is_valid(), form.errors
    assert form.save().image.name.endswith(".png")


def test_bookings_cannot_be_added_or_edited_in_the_admin(rf, totp_staff):
    from django.contrib import admin

    request = rf.get("/")
    request.user = totp_staff
    model_admin = BookingAdmin(Booking, admin.site)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
