import csv
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from socialdynamo.core.audit import history_for
from socialdynamo.core.page_cache import cache_public_page
from socialdynamo.core.permissions import authorize, form_error_from

from . import certificates, ical, selectors, services
from .forms import (
    CatalogueFilterForm,
    CertificateLookupForm,
    EventForm,
    FeedbackForm,
    MoveForm,
    PartForm,
    PersonByEmailForm,
    QuestionForm,
    RegistrationForm,
    StateForm,
    WalkInForm,
)
from .models import CalendarFeed, Event, EventPart, Question, Registration
from .services import EventError

SEE = "events.see_event"
# Public pages are cached for anonymous visitors; what they show also moves with the clock
# (registration windows, "upcoming"), so copies live one minute at most.
PUBLIC_TIMEOUT = 60
PAGE_SIZE = 20


def _event(request, slug, perm=SEE, queryset=None):
    event = get_object_or_404(queryset if queryset is not None else Event, slug=slug)
    authorize(request.user, perm, event, view_perm=SEE)
    return event


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- Catalogue ---------------------------------------------------------------------------


@cache_public_page("events", "organizations", timeout=PUBLIC_TIMEOUT)
def event_list(request):
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    choices = selectors.filter_choices()
    form = CatalogueFilterForm(request.GET or None, choices=choices)
    filters = form.filters() if request.GET else {}
    paginator = Paginator(selectors.catalogue(when=when, **filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "page_obj": page,
            "when": when,
            "query": _query_without_page(request),
            "filters": filters,
        },
    )


def _month_from(value):
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if not (1 <= month <= 12 and 1900 < year < 3000):
            raise ValueError
    except ValueError:
        return today.year, today.month
    return year, month


@cache_public_page("events", "organizations", timeout=PUBLIC_TIMEOUT)
def event_calendar(request):
    year, month = _month_from(request.GET.get("month"))
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return render(
        request,
        "events/event_calendar.html",
        {
            "weeks": selectors.month_calendar(year, month),
            "month_start": timezone.datetime(year, month, 1),
            "previous": f"{previous[0]:04d}-{previous[1]:02d}",
            "next": f"{following[0]:04d}-{following[1]:02d}",
        },
    )


def _json_ld(event: Event) -> str:
    attendance = {
        Event.Format.IN_PERSON: "OfflineEventAttendanceMode",
        Event.Format.ONLINE: "OnlineEventAttendanceMode",
        Event.Format.HYBRID: "MixedEventAttendanceMode",
    }[event.format]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary or "",
        "startDate": timezone.localtime(event.start).isoformat(),
        "endDate": timezone.localtime(event.end).isoformat(),
        "eventStatus": "https://schema.org/"
        + ("EventCancelled" if event.state == Event.State.CANCELLED else "EventScheduled"),
        "eventAttendanceMode": f"https://schema.org/{attendance}",
        "url": settings.SITE_URL + event.get_absolute_url(),
        "inLanguage": event.language.split("+"),
        "organizer": {
            "@type": "Organization",
            "name": event.organisation.name if event.organisation_id else settings.HUB_NAME,
        },
        "offers": {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "EUR",
            "availability": "https://schema.org/"
            + ("SoldOut" if event.is_full and not event.waitlist_enabled else "InStock"),
        },
    }
    if event.has_place:
        data["location"] = {
            "@type": "Place",
            "name": event.venue or settings.HUB_NAME,
            "address": event.venue or settings.HUB_NAME,
        }
    elif event.is_online:
        data["location"] = {"@type": "VirtualLocation", "url": data["url"]}
    text = json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(text)  # noqa: S308 - escaped for a <script> data block above


@cache_public_page("events", "organizations", timeout=PUBLIC_TIMEOUT)
def event_detail(request, slug):
    try:
        event = selectors.event_for_page(slug=slug)
    except Event.DoesNotExist as exc:
        raise Http404 from exc
    authorize(request.user, SEE, event, view_perm=SEE)
    registration = selectors.registration_of(event, request.user)
    user = request.user
    context = {
        "event": event,
        "registration": registration,
        "position": services.waitlist_position(registration) if registration else None,
        "json_ld": _json_ld(event) if event.is_public else "",
        "can_manage": user.has_perm("events.manage_event", event),
        "can_edit": user.has_perm("events.edit_event", event),
        "can_check_in": user.has_perm("events.check_in", event),
        "can_see_feedback": user.has_perm("events.see_feedback", event),
        "show_link": event.is_online and user.has_perm("events.see_online_link", event),
        "actions": services.allowed_actions(event, user)
        if user.has_perm("events.manage_event", event)
        else [],
        "registration_open": event.registration_is_open(),
        "opens_later": bool(event.registration_opens and event.registration_opens > timezone.now()),
    }
    return render(request, "events/event_detail.html", context)


def event_image(request, slug):
    event = _event(request, slug)
    if not event.image:
        raise Http404
    try:
        handle = event.image.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle)
    response["Cache-Control"] = "public, max-age=3600" if event.is_public else "private"
    return response


def _ics_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request, slug):
    event = _event(request, slug)
    with_link = {event.pk} if request.user.has_perm("events.see_online_link", event) else set()
    return _ics_response(
        ical.calendar([event], name=event.title, with_link_for=with_link), f"{event.slug}.ics"
    )


@require_GET
@cache_public_page("events", "organizations", timeout=PUBLIC_TIMEOUT)
def feed(request, area=""):
    if area:
        from socialdynamo.organizations.models import ThematicArea

        area_obj = get_object_or_404(ThematicArea, slug=area)
        name = f"{settings.HUB_NAME} · {area_obj.name}"
    else:
        name = f"{settings.HUB_NAME} · {_('Events')}"
    response = _ics_response(
        ical.calendar(selectors.feed_events(area=area), name=name), "events.ics"
    )
    response["Content-Disposition"] = "inline"
    return response


@require_GET
def feed_personal(request, token):
    calendar_feed = get_object_or_404(CalendarFeed.objects.select_related("person"), token=token)
    if not calendar_feed.person.is_active:
        raise Http404
    events, confirmed = selectors.personal_feed_events(calendar_feed.person)
    response = _ics_response(
        ical.calendar(events, name=_("My events"), with_link_for=confirmed), "my-events.ics"
    )
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Registration ------------------------------------------------------------------------


@login_required
def event_register(request, slug):
    event = _event(request, slug, perm="events.register_event")
    registration = selectors.registration_of(event, request.user)
    if registration and registration.is_live:
        return redirect(event)
    form = RegistrationForm(
        request.POST if request.method == "POST" else None, event=event, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register_for_event(
                event=event,
                person=request.user,
                organisation=form.cleaned_data.get("organisation"),
                answers=form.answers(),
            )
        except EventError as error:
            form_error_from(form, error)
        else:
            if registration.state == Registration.State.CONFIRMED:
                messages.success(
                    request,
                    _("You are registered. A confirmation is on its way to your e-mail."),
                )
            else:
                messages.success(
                    request,
                    _(
                        "The event is full, so you are on the waiting list (place %(position)s). We will e-mail you if a seat frees up."
                    )
                    % {"position": services.waitlist_position(registration)},
                )
            return redirect(event)
    return render(
        request,
        "events/event_register.html",
        {"event": event, "form": form, "registration_open": event.registration_is_open()},
    )


@login_required
@require_POST
def registration_cancel(request, slug):
    event = _event(request, slug)
    registration = get_object_or_404(
        Registration, event=event, person=request.user, state__in=Registration.LIVE_STATES
    )
    was_waiting = registration.state == Registration.State.WAITLISTED
    try:
        services.cancel_registration(registration=registration, user=request.user)
    except EventError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You have left the waiting list.")
            if was_waiting
            else _("Your registration is cancelled."),
        )
    return redirect(event)


@login_required
def my_events(request):
    calendar_feed = services.feed_for(request.user)
    context = selectors.my_registrations(request.user)
    context["feed_url"] = request.build_absolute_uri(
        reverse("events:feed-personal", kwargs={"token": calendar_feed.token})
    )
    context["managed"] = list(selectors.managed_events(request.user)[:50])
    return render(request, "events/my_events.html", context)


@login_required
@require_POST
def feed_reset(request):
    services.reset_feed_token(user=request.user)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("events:my-events")


@login_required
def feedback(request, slug):
    event = _event(request, slug)
    registration = get_object_or_404(
        Registration, event=event, person=request.user, state=Registration.State.CONFIRMED
    )
    form = FeedbackForm(request.POST or None)
    already = hasattr(registration, "feedback")
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_feedback(
                registration=registration, user=request.user, **form.cleaned_data
            )
        except EventError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("events:my-events")
    return render(
        request,
        "events/feedback_form.html",
        {"event": event, "form": form, "registration": registration, "already": already},
    )


@login_required
def certificate(request, slug):
    event = _event(request, slug)
    registration = get_object_or_404(
        Registration.objects.select_related("person", "event"),
        event=event,
        person=request.user,
        state=Registration.State.CONFIRMED,
    )
    try:
        registration = services.issue_certificate(registration=registration)
    except EventError as error:
        messages.error(request, error.message)
        return redirect("events:my-events")
    pdf = certificates.render_pdf(registration, language=request.user.language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{event.slug}.pdf"'
    return response


def certificate_verify(request):
    form = CertificateLookupForm(request.GET or None)
    found = None
    if request.GET and form.is_valid():
        found = selectors.certificate_by_code(form.cleaned_data["code"])
        if found is None:
            form.add_error("code", _("No certificate has this code."))
    return render(request, "events/certificate_verify.html", {"form": form, "found": found})


# --- Organisers and staff ----------------------------------------------------------------


@login_required
def manage(request):
    user = request.user
    context = {
        "events": list(selectors.managed_events(user)[:100]),
        "proposals": list(selectors.proposals()) if user.is_staff else [],
        "trainer_events": list(selectors.trainer_events(user)[:50]) if user.is_trainer else [],
    }
    return render(request, "events/manage.html", context)


@login_required
def event_create(request):
    authorize(request.user, "events.propose_event")
    form = EventForm(request.POST or None, request.FILES or None, user=request.user)
    if not request.user.is_staff and not form.fields["organisation"].queryset.exists():
        messages.error(
            request,
            _(
                "Events are proposed by administrators of a verified organisation, or by the hub's staff."
            ),
        )
        return redirect("events:manage")
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(
                user=request.user,
                data=form.service_data(),
                organisation=form.cleaned_data.get("organisation"),
                thematic_areas=form.cleaned_data["thematic_areas"],
                trainers=form.cleaned_data["trainer_emails"],
            )
        except EventError as error:
            form_error_from(form, error)
        else:
            messages.success(
                request,
                _("The event is saved as a draft. Publish it when it is ready.")
                if request.user.is_staff
                else _("The event is saved as a draft. Submit it to the hub's staff for approval."),
            )
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "creating": True})


@login_required
def event_edit(request, slug):
    event = _event(request, slug, perm="events.edit_event")
    form = EventForm(request.POST or None, request.FILES or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(
                event=form.instance,
                user=request.user,
                data=form.service_data(),
                thematic_areas=form.cleaned_data["thematic_areas"],
                trainers=form.cleaned_data["trainer_emails"],
            )
        except EventError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
def event_questions(request, slug):
    event = _event(request, slug, perm="events.edit_event")
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_question(event=event, user=request.user, data=form.cleaned_data)
        except EventError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("The question is added."))
            return redirect("events:event-questions", slug=event.slug)
    return render(
        request,
        "events/event_questions.html",
        {"event": event, "form": form, "questions": list(event.questions.all())},
    )


@login_required
@require_POST
def question_remove(request, slug, question_id):
    event = _event(request, slug, perm="events.edit_event")
    question = get_object_or_404(Question, pk=question_id, event=event)
    try:
        services.remove_question(question=question, user=request.user)
        messages.success(request, _("The question is removed."))
    except EventError as error:
        messages.error(request, error.message)
    return redirect("events:event-questions", slug=event.slug)


@login_required
def event_parts(request, slug):
    event = _event(request, slug, perm="events.edit_event")
    form = PartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_part(event=event, user=request.user, data=form.cleaned_data)
        except EventError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("The meeting is added to the series."))
            return redirect("events:event-parts", slug=event.slug)
    return render(
        request,
        "events/event_parts.html",
        {"event": event, "form": form, "parts": list(event.parts.all())},
    )


@login_required
@require_POST
def part_remove(request, slug, part_id):
    event = _event(request, slug, perm="events.edit_event")
    part = get_object_or_404(EventPart, pk=part_id, event=event)
    try:
        services.remove_part(part=part, user=request.user)
        messages.success(request, _("The meeting is removed from the series."))
    except EventError as error:
        messages.error(request, error.message)
    return redirect("events:event-parts", slug=event.slug)


@login_required
@require_POST
def event_state(request, slug):
    event = _event(request, slug, perm="events.manage_event")
    form = StateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid action."))
        return redirect(event)
    action = form.cleaned_data["action"]
    try:
        services.change_event_state(
            event=event, user=request.user, action=action, reason=form.cleaned_data["reason"]
        )
    except EventError as error:
        messages.error(request, error.message)
    else:
        done = {
            "submit": _("The event is sent to the hub's staff for approval."),
            "approve": _("The event is approved and published."),
            "return": _("The event is sent back to its organisers with your note."),
            "publish": _("The event is published."),
            "held": _("The event is marked as held."),
            "archive": _("The event is archived."),
            "cancel": _("The event is cancelled; everyone registered is told."),
        }
        messages.success(request, done[action])
    return redirect(event)


@login_required
def attendees(request, slug):
    event = _event(request, slug, perm="events.manage_attendees")
    registrations = list(selectors.attendees(event, include_cancelled=True))
    questions = list(event.questions.all())
    return render(
        request,
        "events/attendees.html",
        {
            "event": event,
            "registrations": registrations,
            "questions": questions,
            "add_form": PersonByEmailForm(),
            "move_targets": (
                list(
                    MoveForm(event=event)
                    .fields["target"]
                    .queryset.only("id", "title", "title_el", "title_en", "start")[:50]
                )
                if request.user.is_staff
                else []
            ),
            "rate": selectors.attendance_rate(event),
            "history": history_for(event)[:30],
        },
    )


def _csv_cell(value) -> str:
    text = "" if value is None else str(value)
    # Spreadsheets run cells that start like a formula; make them plain text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def attendees_csv(request, slug):
    event = _event(request, slug, perm="events.manage_attendees")
    questions = list(event.questions.all())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attendees-{event.slug}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [_("Name"), _("E-mail address"), _("Organisation"), _("State"), _("Registered"),
         _("Present"), _("Walk-in")] + [q.label for q in questions]
    )  # fmt: skip
    for registration in selectors.attendees(event).iterator(chunk_size=1000):
        answers = registration.answers or {}
        writer.writerow(
            [
                _csv_cell(v)
                for v in [
                    registration.display_name,
                    registration.contact_email,
                    registration.organisation.name if registration.organisation_id else "",
                    registration.get_state_display(),
                    timezone.localtime(registration.created).strftime("%Y-%m-%d %H:%M"),
                    _("yes") if registration.attended else _("no"),
                    _("yes") if registration.walk_in else _("no"),
                    *[answers.get(str(q.pk), "") for q in questions],
                ]
            ]
        )
    return response


@login_required
@require_POST
def attendee_add(request, slug):
    event = _event(request, slug, perm="events.manage_attendees")
    form = PersonByEmailForm(request.POST)
    if form.is_valid():
        try:
            registration = services.add_person(event=event, person=form.person, user=request.user)
        except EventError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(person)s is added (%(state)s).")
                % {"person": form.person, "state": registration.get_state_display().lower()},
            )
    else:
        messages.error(request, " ".join(form.errors.get("email", [])))
    return redirect("events:event-attendees", slug=event.slug)


@login_required
@require_POST
def attendee_cancel(request, slug, registration_id):
    event = _event(request, slug, perm="events.manage_attendees")
    registration = get_object_or_404(Registration, pk=registration_id, event=event)
    try:
        services.cancel_registration(
            registration=registration, user=request.user, by_organiser=True
        )
        messages.success(request, _("The registration is cancelled."))
    except EventError as error:
        messages.error(request, error.message)
    return redirect("events:event-attendees", slug=event.slug)


@login_required
@require_POST
def attendee_move(request, slug, registration_id):
    event = _event(request, slug, perm="events.move_registration")
    registration = get_object_or_404(Registration, pk=registration_id, event=event)
    form = MoveForm(request.POST, event=event)
    if form.is_valid():
        try:
            moved = services.move_registration(
                registration=registration, target=form.cleaned_data["target"], user=request.user
            )
        except EventError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Moved to %(event)s (%(state)s).")
                % {"event": moved.event.title, "state": moved.get_state_display().lower()},
            )
    else:
        messages.error(request, _("Choose the event to move the person to."))
    return redirect("events:event-attendees", slug=event.slug)


@login_required
def checkin(request, slug):
    event = _event(request, slug, perm="events.check_in")
    if request.method == "POST":
        registration = get_object_or_404(
            Registration, pk=request.POST.get("registration") or 0, event=event
        )
        present = request.POST.get("present") == "1"
        try:
            services.set_attendance(registration=registration, user=request.user, present=present)
        except EventError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                (_("%(person)s is checked in.") if present else _("%(person)s is marked absent."))
                % {"person": registration.display_name},
            )
        query = request.POST.get("q", "")
        url = f"{request.path}?q={query}" if query else request.path
        return redirect(url)
    q = request.GET.get("q", "")[:100]
    registrations = selectors.checkin_list(event, q=q)
    return render(
        request,
        "events/checkin.html",
        {
            "event": event,
            "registrations": registrations,
            "q": q,
            "rate": selectors.attendance_rate(event),
            "walk_in_form": WalkInForm(),
        },
    )


@login_required
@require_POST
def walk_in(request, slug):
    event = _event(request, slug, perm="events.check_in")
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            registration = services.add_walk_in(event=event, user=request.user, **form.cleaned_data)
        except EventError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("%(person)s is checked in.") % {"person": registration.display_name}
            )
    else:
        messages.error(request, _("Write a valid e-mail address or leave it empty."))
    return redirect("events:event-checkin", slug=event.slug)


@login_required
def event_feedback(request, slug):
    event = _event(request, slug, perm="events.see_feedback")
    return render(
        request,
        "events/event_feedback.html",
        {
            "event": event,
            "summary": selectors.feedback_summary(event),
            "rate": selectors.attendance_rate(event),
        },
    )


@login_required
def trainer_feedback(request):
    user = request.user
    if not (user.is_staff or user.is_trainer):
        raise Http404
    rows = selectors.feedback_by_trainer(None if user.is_staff else user)
    return render(request, "events/trainer_feedback.html", {"rows": rows})
