from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("", views.index, name="index"),
    path(
        "organisations/<slug:slug>/requests/",
        views.organisation_requests,
        name="organisation-requests",
    ),
    path("organisations/<slug:slug>/requests/new/", views.request_create, name="request-create"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request-withdraw"),
    path("requests/<int:pk>/reopen/", views.request_reopen, name="request-reopen"),
    path("proposals/<int:pk>/", views.proposal_respond, name="proposal-respond"),
    path("engagements/<int:pk>/", views.engagement_detail, name="engagement-detail"),
    path("engagements/<int:pk>/sessions/new/", views.session_create, name="session-create"),
    path("engagements/<int:pk>/goals/new/", views.goal_create, name="goal-create"),
    path("engagements/<int:pk>/reviews/new/", views.review_create, name="review-create"),
    path("engagements/<int:pk>/complete/", views.engagement_complete, name="engagement-complete"),
    path("engagements/<int:pk>/rate/", views.engagement_rate, name="engagement-rate"),
    path(
        "engagements/<int:pk>/certificate/",
        views.engagement_certificate,
        name="engagement-certificate",
    ),
    path("sessions/<int:pk>/log/", views.session_log, name="session-log"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session-cancel"),
    path("goals/<int:pk>/milestones/new/", views.milestone_create, name="milestone-create"),
    path("goals/<int:pk>/reached/", views.goal_reached, name="goal-reached"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone-done"),
    path("expert/", views.expert_dashboard, name="expert-dashboard"),
    path("expert/profile/", views.expert_apply, name="expert-apply"),
    path("expert/certificate/", views.expert_certificate, name="expert-certificate"),
    path("staff/", views.staff_dashboard, name="staff-dashboard"),
    path("staff/requests/", views.staff_requests, name="staff-requests"),
    path("staff/requests/<int:pk>/", views.staff_request, name="staff-request"),
    path("staff/matching/", views.staff_matching, name="staff-matching"),
    path("staff/experts/", views.staff_experts, name="staff-experts"),
    path("staff/experts/invite/", views.expert_invite, name="expert-invite"),
    path("staff/experts/<int:pk>/", views.staff_expert, name="staff-expert"),
]
