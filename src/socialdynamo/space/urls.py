from django.urls import path

from . import views

app_name = "space"

urlpatterns = [
    path("", views.space_home, name="home"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("calls/<slug:slug>/", views.call_detail, name="call-detail"),
    path("calls/<slug:slug>/results/", views.call_results, name="call-results"),
    path("calls/<slug:slug>/apply/", views.application_start, name="application-start"),
    # Applicants
    path("applications/", views.my_applications, name="my-applications"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application-edit"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application-submit"),
    path(
        "applications/<int:pk>/withdraw/", views.application_withdraw, name="application-withdraw"
    ),
    path("applications/<int:pk>/offer/", views.offer_respond, name="offer-respond"),
    path(
        "applications/<int:pk>/documents/<int:requirement_id>/upload/",
        views.document_upload,
        name="document-upload",
    ),
    path(
        "applications/<int:pk>/files/<int:document_id>/",
        views.document_download,
        name="document-download",
    ),
    path(
        "applications/<int:pk>/files/<int:document_id>/remove/",
        views.document_remove,
        name="document-remove",
    ),
    # Reviewers
    path("reviews/", views.review_queue, name="review-queue"),
    path("reviews/<int:pk>/", views.review_score, name="review-score"),
    path("reviews/<int:pk>/conflict/", views.review_conflict, name="review-conflict"),
    path("reviews/calls/<slug:slug>/conflicts/", views.review_conflicts, name="review-conflicts"),
    # Staff
    path("staff/settings/", views.space_settings, name="space-settings"),
    path("staff/calls/", views.staff_calls, name="staff-calls"),
    path("staff/calls/new/", views.call_edit, name="call-create"),
    path("staff/calls/<slug:slug>/", views.call_manage, name="call-manage"),
    path("staff/calls/<slug:slug>/edit/", views.call_edit, name="call-edit"),
    path("staff/calls/<slug:slug>/publish/", views.call_publish, name="call-publish"),
    path("staff/calls/<slug:slug>/assign/", views.call_assign, name="call-assign"),
    path("staff/calls/<slug:slug>/ranking/", views.call_ranking, name="call-ranking"),
    path("staff/calls/<slug:slug>/decide/", views.call_decide, name="call-decide"),
    path(
        "staff/calls/<slug:slug>/publish-results/",
        views.call_publish_results,
        name="call-publish-results",
    ),
    path(
        "staff/applications/<int:pk>/screen/", views.application_screen, name="application-screen"
    ),
    path(
        "staff/applications/<int:pk>/decide/", views.application_decide, name="application-decide"
    ),
    path("staff/applications/<int:pk>/assign/", views.assignment_add, name="assignment-add"),
    path("staff/assignments/<int:pk>/remove/", views.assignment_remove, name="assignment-remove"),
    path("staff/hostings/", views.hostings, name="hostings"),
    path("staff/hostings/new/", views.hosting_create, name="hosting-create"),
    path("staff/occupancy/", views.occupancy, name="occupancy"),
    path("staff/renewals/<int:pk>/", views.renewal_decide, name="renewal-decide"),
    # Hostings (group and staff)
    path("hostings/<int:pk>/", views.hosting_detail, name="hosting-detail"),
    path("hostings/<int:pk>/edit/", views.hosting_edit, name="hosting-edit"),
    path("hostings/<int:pk>/goals/", views.hosting_goals, name="hosting-goals"),
    path("hostings/<int:pk>/end/", views.hosting_end, name="hosting-end"),
    path(
        "hostings/<int:pk>/assessment/<str:moment>/",
        views.self_assessment,
        name="self-assessment",
    ),
    path("hostings/<int:pk>/reviews/<str:kind>/", views.progress_review, name="progress-review"),
    path("hostings/<int:pk>/renewal/", views.renewal_request, name="renewal-request"),
]
