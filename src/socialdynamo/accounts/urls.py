from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("edit/", views.profile_edit, name="profile-edit"),
    path("data/", views.data_export, name="data-export"),
    path("delete/", views.account_delete, name="account-delete"),
]
