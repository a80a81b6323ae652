"""Who may open which portal page, and how complaints are looked up for it.

Consumer pages are for consumers, merchant pages for merchant staff; anyone else is
sent to their own front page. Lookups go through ``tousu.complaints.access`` and
answer 404 for anything the person may not see, so existence never leaks.
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


def _only(check: Callable[[User], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not check(request.user):
                return redirect("home")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


consumer_only = _only(lambda user: user.is_consumer)
merchant_only = _only(lambda user: user.is_merchant_staff)
party_only = _only(lambda user: user.is_consumer or user.is_merchant_staff)


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


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
