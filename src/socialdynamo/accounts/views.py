from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from socialdynamo.organizations import selectors as organisation_selectors
from socialdynamo.organizations.models import Invitation

from . import services
from .forms import DeleteAccountForm, ProfileForm


@login_required
def profile(request):
    invitations = Invitation.objects.filter(
        email__iexact=request.user.email,
        state=Invitation.State.PENDING,
        expires_at__gt=timezone.now(),
    ).select_related("organisation")
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": organisation_selectors.memberships_of(request.user),
            "invitations": invitations,
        },
    )


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your details are saved."))
        response = redirect("accounts:profile")
        return response
    return render(request, "accounts/profile_edit.html", {"form": form})


@login_required
def data_export(request):
    if request.method == "POST":
        document = services.export_personal_data(user=request.user)
        response = HttpResponse(document, content_type="application/json; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = (
            f'attachment; filename="social-dynamo-my-data-{stamp}.json"'
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "accounts/data_export.html")


@login_required
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    blockers = []
    try:
        services.check_can_erase(user=request.user)
    except services.AccountError as error:
        blockers.append(error.message)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            services.erase_account(user=request.user, request=request)
        except services.AccountError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your account is deleted and your personal data erased."))
            return redirect("core:home")
    return render(request, "accounts/account_delete.html", {"form": form, "blockers": blockers})
