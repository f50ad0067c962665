from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.organisation_create, name="organisation-create"),
    path("staff/verification/", views.staff_queue, name="staff-queue"),
    path("staff/<slug:slug>/", views.staff_review, name="staff-review"),
    path("invitation/<str:token>/", views.invitation_respond, name="invitation-respond"),
    path("<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("<slug:slug>/logo/", views.organisation_logo, name="organisation-logo"),
    path("<slug:slug>/edit/", views.organisation_edit, name="organisation-edit"),
    path("<slug:slug>/members/", views.organisation_members, name="organisation-members"),
    path("<slug:slug>/members/invite/", views.member_invite, name="member-invite"),
    path("<slug:slug>/members/<int:membership_id>/role/", views.member_role, name="member-role"),
    path(
        "<slug:slug>/members/<int:membership_id>/remove/", views.member_remove, name="member-remove"
    ),
    path(
        "<slug:slug>/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    path("<slug:slug>/transfer/", views.ownership_transfer, name="ownership-transfer"),
    path("<slug:slug>/leave/", views.organisation_leave, name="organisation-leave"),
]
