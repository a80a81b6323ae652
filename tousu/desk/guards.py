"""Who may use the desk: platform staff only.

Anyone else gets a 404, the same answer as for a page that does not exist, so the desk
does not even reveal itself to consumers and merchants; anonymous visitors are sent
to the login page first.
"""

from __future__ import annotations

from functools import wraps
from typing import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from tousu.accounts.models import User
from tousu.complaints import access
from tousu.complaints.errors import NotFound
from tousu.complaints.models import Complaint

View = Callable[..., HttpResponse]


def staff_only(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_platform_staff:
            raise Http404()
        return view(request, *args, **kwargs)

    return wrapper


def complaint_or_404(user: User, number: str) -> Complaint:
    try:
        return access.get_complaint(user, number)
    except NotFound:
        raise Http404() from None


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
