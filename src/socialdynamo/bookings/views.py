from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialdynamo.core.page_cache import cache_public_page
from socialdynamo.core.permissions import authorize, form_error_from, get_authorized
from socialdynamo.organizations.models import Organisation

from . import ical, selectors, services
from .forms import (
    BookingForm,
    CancelForm,
    ChangeBookingForm,
    DecisionForm,
    MonthForm,
    WatchForm,
)
from .models import Booking, Room, RoomPhoto
from .services import BookingError

SEE_ROOM = "bookings.see_room"
SEE_BOOKING = "bookings.see_booking"


def _week_links(monday):
    return {
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "previous_week": (monday - timedelta(days=7)).isoformat(),
        "next_week": (monday + timedelta(days=7)).isoformat(),
        "this_week": selectors.monday_of(timezone.localdate()).isoformat(),
    }


def room_list(request):
    rooms = selectors.active_rooms().prefetch_related("photos")
    return render(request, "bookings/room_list.html", {"rooms": rooms})


def _all_rooms_grid_html(monday, version: str, language: str) -> str:
    key = f"bookings:week:{version}:{language}:{monday.isoformat()}"
    grid_html = cache.get(key)
    if grid_html is None:
        grid_html = render_to_string(
            "bookings/includes/all_rooms_grid.html",
            {
                "grid": selectors.all_rooms_week(monday),
                "days": [monday + timedelta(days=i) for i in range(7)],
                "week_param": monday.isoformat(),
                **_week_links(monday),
            },
        )
        cache.set(key, grid_html, selectors.GRID_CACHE_SECONDS)
    return grid_html


@cache_public_page("bookings")
def all_rooms_week(request):
    """Every room for a week. The grid is the same for everyone (only "busy"), so its HTML is
    cached per week and language under the bookings content version; visitors who are not
    signed in get the whole page from core.page_cache."""
    monday = selectors.parse_week(request.GET.get("week"))
    context = {
        "grid_html": mark_safe(  # noqa: S308 - our own template
            _all_rooms_grid_html(monday, selectors.grid_version(), translation.get_language())
        ),
        **_week_links(monday),
    }
    return render(request, "bookings/all_rooms_week.html", context)


def _room(request, slug) -> Room:
    room = get_object_or_404(Room, slug=slug)
    authorize(request.user, SEE_ROOM, room, view_perm=SEE_ROOM)
    return room


def room_detail(request, slug):
    try:
        room = selectors.room_for_page(slug)
    except Room.DoesNotExist as exc:
        raise Http404 from exc
    authorize(request.user, SEE_ROOM, room, view_perm=SEE_ROOM)
    monday = selectors.parse_week(request.GET.get("week"))
    week = selectors.room_week(room, monday, request.user)
    return render(
        request,
        "bookings/room_detail.html",
        {
            "room": room,
            "week": week,
            "may_book": request.user.has_perm("bookings.book_room", room),
            **_week_links(monday),
        },
    )


def room_photo(request, slug, photo_id):
    room = _room(request, slug)
    photo = get_object_or_404(RoomPhoto, pk=photo_id, room=room)
    try:
        handle = photo.image.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle)
    response["Cache-Control"] = "public, max-age=3600"
    response["Content-Disposition"] = "inline"
    return response


def _initial_from_query(request) -> dict:
    initial = {"expected_people": None, "interval_weeks": 1}
    try:
        start = datetime.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        return initial
    start = timezone.localtime(start if timezone.is_aware(start) else timezone.make_aware(start))
    initial.update(
        day=start.date(),
        start_time=start.time(),
        end_time=(start + timedelta(hours=1)).time(),
    )
    return initial


@login_required
def room_book(request, slug):
    room = _room(request, slug)
    authorize(request.user, "bookings.book_room", room)
    organisations = services.bookable_organisations(request.user, room)
    form = BookingForm(
        request.POST or None,
        initial=_initial_from_query(request),
        organisations=organisations,
        allow_hub=request.user.is_staff,
        room=room,
    )
    context = {"room": room, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "by": request.user,
            "organisation": data["organisation_obj"],
            "expected_people": data["expected_people"],
        }
        if data.get("repeat") == "weekly":
            try:
                if "confirm" not in request.POST:
                    context["preview"] = services.preview_series(
                        room, data["start"], data["end"], **common, **form.repeat_kwargs()
                    )
                    context["free_count"] = sum(1 for o in context["preview"] if not o.error)
                    return render(request, "bookings/booking_form.html", context)
                _series, result = services.book_series(
                    room,
                    data["start"],
                    data["end"],
                    purpose=data["purpose"],
                    **common,
                    **form.repeat_kwargs(),
                )
            except BookingError as error:
                form_error_from(form, error)
            else:
                return render(
                    request,
                    "bookings/series_result.html",
                    {
                        "room": room,
                        "result": result,
                        "booked": [o for o in result if o.booking],
                        "refused": [o for o in result if o.error],
                    },
                )
        else:
            try:
                booking = services.reserve_room(
                    room, data["start"], data["end"], purpose=data["purpose"], **common
                )
            except BookingError as error:
                form_error_from(form, error)
            else:
                if booking.state == Booking.State.CONFIRMED:
                    messages.success(request, _("The room is booked."))
                else:
                    messages.success(
                        request,
                        _("Your request is sent. The hub's staff will confirm it soon."),
                    )
                return redirect(booking)
    return render(request, "bookings/booking_form.html", context)


@login_required
@require_POST
def room_watch(request, slug):
    room = _room(request, slug)
    authorize(request.user, "bookings.watch_slot", room)
    form = WatchForm(request.POST)
    week = ""
    if form.is_valid():
        try:
            services.watch_slot(
                room=room,
                user=request.user,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
            messages.success(request, _("We will e-mail you if this time frees up."))
            week = timezone.localtime(form.cleaned_data["start"]).date().isoformat()
        except BookingError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("This time could not be read. Try again from the calendar."))
    url = room.get_absolute_url()
    return redirect(f"{url}?week={week}" if week else url)


def room_ical(request, slug):
    room = _room(request, slug)
    now = timezone.now()
    bookings = selectors.live_bookings_between(
        now - timedelta(days=30), now + timedelta(days=366), room=room
    ).order_by("start")[:2000]
    return ical.response(
        ical.calendar(
            name=room.name,
            events=[ical.busy_event(b, summary=_("Busy"), location=room.name) for b in bookings],
        ),
        filename=f"{room.slug}.ics",
    )


def organisation_feed_token(organisation: Organisation) -> str:
    return signing.Signer(salt="bookings.organisation-feed").signature(str(organisation.pk))


def organisation_ical(request, slug, token):
    """A calendar app cannot sign in: the feed's address carries a secret token, shown to the
    organisation's members on "My bookings"."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not constant_time_compare(token, organisation_feed_token(organisation)):
        raise Http404
    now = timezone.now()
    bookings = (
        Booking.objects.filter(
            organisation=organisation,
            state__in=Booking.LIVE_STATES,
            end__gte=now - timedelta(days=30),
        )
        .select_related("room")
        .order_by("start")[:2000]
    )
    return ical.response(
        ical.calendar(
            name=organisation.name,
            events=[ical.detailed_event(b) for b in bookings],
        ),
        filename=f"{organisation.slug}-rooms.ics",
    )


@login_required
def my_bookings(request):
    paginator = Paginator(selectors.bookings_of(request.user), 25)
    page = paginator.get_page(request.GET.get("page"))
    feeds = [
        (
            organisation,
            request.build_absolute_uri(
                _reverse_feed(organisation),
            ),
        )
        for organisation in services.organisations_of(request.user)
    ]
    return render(request, "bookings/my_bookings.html", {"page_obj": page, "feeds": feeds})


def _reverse_feed(organisation):
    from django.urls import reverse

    return reverse(
        "bookings:organisation-ical",
        kwargs={"slug": organisation.slug, "token": organisation_feed_token(organisation)},
    )


def _booking(request, pk, perm=SEE_BOOKING) -> Booking:
    return get_authorized(
        request.user,
        Booking.objects.select_related("room", "organisation", "booked_by", "decided_by"),
        perm,
        view_perm=SEE_BOOKING,
        pk=pk,
    )


@login_required
def booking_detail(request, pk):
    booking = _booking(request, pk)
    return render(
        request,
        "bookings/booking_detail.html",
        {
            "booking": booking,
            "may_manage": request.user.has_perm("bookings.manage_booking", booking),
            "may_decide": request.user.has_perm("bookings.decide_booking", booking),
            "decision_form": DecisionForm(),
        },
    )


@login_required
def booking_cancel(request, pk):
    booking = _booking(request, pk, "bookings.manage_booking")
    form = CancelForm(
        request.POST if request.method == "POST" else None, in_series=bool(booking.series_id)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_booking(
                booking=booking,
                by=request.user,
                reason=form.cleaned_data["reason"],
                later_in_series=form.cleaned_data.get("later_in_series", False),
            )
        except BookingError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("The booking is cancelled."))
            return redirect(booking)
    return render(request, "bookings/booking_cancel.html", {"booking": booking, "form": form})


@login_required
def booking_change(request, pk):
    booking = _booking(request, pk, "bookings.manage_booking")
    form = ChangeBookingForm.for_booking(booking, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.change_booking(
                booking=booking,
                by=request.user,
                start=data["start"],
                end=data["end"],
                purpose=data["purpose"],
                expected_people=data["expected_people"],
            )
        except BookingError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("The booking is changed."))
            return redirect(booking)
    return render(request, "bookings/booking_change.html", {"booking": booking, "form": form})


@login_required
def staff_approvals(request):
    authorize(request.user, "bookings.decide_booking")
    paginator = Paginator(selectors.approval_queue(), 50)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "bookings/staff_approvals.html",
        {"page_obj": page, "decision_form": DecisionForm()},
    )


@login_required
@require_POST
def staff_decide(request, pk):
    authorize(request.user, "bookings.decide_booking")
    booking = get_object_or_404(Booking, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or decline."))
        return redirect("bookings:staff-approvals")
    try:
        if form.cleaned_data["action"] == "approve":
            services.approve_booking(booking=booking, by=request.user)
            messages.success(request, _("The booking is confirmed."))
        else:
            services.decline_booking(
                booking=booking, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The booking is declined."))
    except BookingError as error:
        messages.error(request, error.message)
    return redirect("bookings:staff-approvals")


@login_required
def staff_reports(request):
    authorize(request.user, "bookings.see_reports")
    form = MonthForm(request.GET or None)
    year, month = form.year_month()
    first = datetime(year, month, 1)
    previous = (first - timedelta(days=1)).strftime("%Y-%m")
    following = (first + timedelta(days=32)).strftime("%Y-%m")
    occupancy = selectors.occupancy_report(year, month)
    organisations = selectors.hours_per_organisation(year, month)
    if request.GET.get("format") == "csv":
        return _reports_csv(year, month, occupancy, organisations)
    return render(
        request,
        "bookings/staff_reports.html",
        {
            "form": form,
            "month_start": first,
            "previous": previous,
            "following": following,
            "occupancy": occupancy,
            "organisations": organisations,
            "language": translation.get_language(),
        },
    )


def _reports_csv(year, month, occupancy, organisations):
    import csv

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rooms-{year}-{month:02d}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [_("Room"), _("Bookings"), _("Hours booked"), _("Open hours"), _("Occupancy %")]
    )
    for row in occupancy:
        writer.writerow(
            [
                row["room"].name,
                row["bookings"],
                f"{row['hours']:.1f}",
                f"{row['open_hours']:.1f}",
                f"{row['share']:.1f}",
            ]
        )
    writer.writerow([])
    writer.writerow([_("Organisation"), _("Bookings"), _("Hours booked")])
    for row in organisations:
        name = row["name_el"] or _("The hub (staff)")
        writer.writerow([name, row["bookings"], f"{row['hours']:.1f}"])
    return response
