from django.urls import path

from . import views

app_name = "bookings"

urlpatterns = [
    path("", views.room_list, name="room-list"),
    path("week/", views.all_rooms_week, name="all-rooms-week"),
    path("my/", views.my_bookings, name="my-bookings"),
    path("staff/approvals/", views.staff_approvals, name="staff-approvals"),
    path("staff/bookings/<int:pk>/decide/", views.staff_decide, name="staff-decide"),
    path("staff/reports/", views.staff_reports, name="staff-reports"),
    path("bookings/<int:pk>/", views.booking_detail, name="booking-detail"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking-cancel"),
    path("bookings/<int:pk>/change/", views.booking_change, name="booking-change"),
    path(
        "feeds/organisation/<slug:slug>/<str:token>.ics",
        views.organisation_ical,
        name="organisation-ical",
    ),
    path("<slug:slug>/", views.room_detail, name="room-detail"),
    path("<slug:slug>/book/", views.room_book, name="room-book"),
    path("<slug:slug>/watch/", views.room_watch, name="room-watch"),
    path("<slug:slug>/calendar.ics", views.room_ical, name="room-ical"),
    path("<slug:slug>/photos/<int:photo_id>/", views.room_photo, name="room-photo"),
]
