"""View guards and lookups built on the questions of ``tousu.complaints.access``.

Anonymous visitors are sent to the login page first. Then each area answers someone
who may not enter it in its own way: staff areas (desk, supervision, the phone desk)
answer 404, the same as for a page that does not exist, so they do not even reveal
themselves; the portal and the merchant center send a signed-in user of another role
to their own front page. A complaint or order the user may not see is a 404.
"""

from __future__ import annotations

from functools import wraps
from typing import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from tousu.accounts.models import User
from tousu.complaints import access
from tousu.complaints.errors import NotFound
from tousu.complaints.models import Complaint
from tousu.orders.models import Order

View = Callable[..., HttpResponse]


def _not_found(request: HttpRequest) -> HttpResponse:
    raise Http404()


def _home(request: HttpRequest) -> HttpResponse:
    return redirect("home")


def guard(question: Callable[[User], bool], refuse: View) -> Callable[[View], View]:
    """A decorator: signed in, and ``question(user)`` true; otherwise ``refuse(request)``."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not question(request.user):
                return refuse(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_only = guard(access.may_use_desk, _not_found)
supervisor_only = guard(access.may_supervise, _not_found)
consumer_only = guard(access.may_use_portal, _home)
merchant_only = guard(access.may_use_merchant_center, _home)
party_only = guard(access.may_use_complaint_pages, _home)
# The callback request posted from the 客服 page: anyone signed in but a consumer gets 404.
filer_only = guard(access.may_file, _not_found)


def complaint_or_404(user: User, number: str) -> Complaint:
    try:
        return access.get_complaint(user, number)
    except NotFound:
        raise Http404() from None


def order_or_404(user: User, number: str) -> Order:
    order = access.orders_for(user).select_related("merchant").filter(number=number).first()
    if order is None:
        raise Http404()
    return order
