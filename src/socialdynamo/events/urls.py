from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("calendar/", views.event_calendar, name="event-calendar"),
    path("feed.ics", views.feed, name="feed"),
    path("feed/area/<slug:area>.ics", views.feed, name="feed-area"),
    path("feed/me/<str:token>.ics", views.feed_personal, name="feed-personal"),
    path("mine/", views.my_events, name="my-events"),
    path("mine/calendar-address/", views.feed_reset, name="feed-reset"),
    path("certificates/verify/", views.certificate_verify, name="certificate-verify"),
    path("manage/", views.manage, name="manage"),
    path("manage/trainers/feedback/", views.trainer_feedback, name="trainer-feedback"),
    path("new/", views.event_create, name="event-create"),
    path("<slug:slug>/", views.event_detail, name="event-detail"),
    path("<slug:slug>/image/", views.event_image, name="event-image"),
    path("<slug:slug>/event.ics", views.event_ics, name="event-ics"),
    path("<slug:slug>/register/", views.event_register, name="event-register"),
    path("<slug:slug>/cancel/", views.registration_cancel, name="registration-cancel"),
    path("<slug:slug>/feedback/", views.feedback, name="feedback"),
    path("<slug:slug>/certificate.pdf", views.certificate, name="certificate"),
    path("<slug:slug>/edit/", views.event_edit, name="event-edit"),
    path("<slug:slug>/questions/", views.event_questions, name="event-questions"),
    path(
        "<slug:slug>/questions/<int:question_id>/remove/",
        views.question_remove,
        name="question-remove",
    ),
    path("<slug:slug>/parts/", views.event_parts, name="event-parts"),
    path("<slug:slug>/parts/<int:part_id>/remove/", views.part_remove, name="part-remove"),
    path("<slug:slug>/state/", views.event_state, name="event-state"),
    path("<slug:slug>/attendees/", views.attendees, name="event-attendees"),
    path("<slug:slug>/attendees.csv", views.attendees_csv, name="event-attendees-csv"),
    path("<slug:slug>/attendees/add/", views.attendee_add, name="attendee-add"),
    path(
        "<slug:slug>/attendees/<int:registration_id>/cancel/",
        views.attendee_cancel,
        name="attendee-cancel",
    ),
    path(
        "<slug:slug>/attendees/<int:registration_id>/move/",
        views.attendee_move,
        name="attendee-move",
    ),
    path("<slug:slug>/check-in/", views.checkin, name="event-checkin"),
    path("<slug:slug>/check-in/walk-in/", views.walk_in, name="event-walkin"),
    path("<slug:slug>/feedback/summary/", views.event_feedback, name="event-feedback"),
]
