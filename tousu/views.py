import logging

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
)
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_http_methods

from tousu.accounts.actions import sign_out_everywhere
from tousu.complaints import access
from tousu.jsontext import error_response

log = logging.getLogger(__name__)

# The last resort when even the error page cannot be drawn (a broken template or static
# manifest): plain Chinese and English, no template, no database.
LAST_RESORT = (
    '<!doctype html><html lang="zh-hans"><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>出错了 · Tousu</title><h1>出错了</h1>"
    "<p>服务器出了问题，我们已记录。请稍后再试。Something went wrong on our side; please try again later.</p>"
    '<p><a href="/">返回首页 · Home</a></p></html>'
)


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers that ask for /favicon.ico whatever the page's ``<link rel="icon">`` says."""
    return HttpResponsePermanentRedirect(static("tousu/favicon.svg"))


@login_required
def home(request):
    """Send each role to its own front page."""
    user = request.user
    if access.may_use_desk(user):
        return redirect("desk:queue")
    if access.may_use_merchant_center(user):
        return redirect("merchant_center:complaints")
    return redirect("portal:my_orders")


@login_required
@require_http_methods(["GET", "POST"])
def sign_out_everywhere_page(request):
    """GET explains, POST ends every session and API token of the user (this one too)."""
    if request.method == "POST":
        sign_out_everywhere(request.user)
        logout(request)
        messages.success(request, _("You are signed out on every device and in every app."))
        return redirect("login")
    return render(request, "sign_out_everywhere.html")


def _error_page(request: HttpRequest, status: int, template: str, message: str) -> HttpResponse:
    """JSON under /api/ (like the API's own errors), the site's page elsewhere."""
    if request.path_info.startswith("/api/"):
        return error_response(status, {404: "not_found", 403: "forbidden"}[status], message)
    return render(request, template, status=status)


@requires_csrf_token
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: the page in the site's layout, with the ways back."""
    return _error_page(request, 404, "404.html", _("Nothing is found at this address."))


@requires_csrf_token
def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403."""
    return _error_page(request, 403, "403.html", _("You may not open this page."))


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: drawn without the request's context (no session, user or database, any
    of which may be what failed), in the language already chosen for the request."""
    if request.path_info.startswith("/api/"):
        return error_response(500, "server_error", _("Something went wrong on our side."))
    try:
        return HttpResponseServerError(loader.get_template("500.html").render({}))
    except Exception:  # the error page itself failed: say it without a template
        log.exception("the 500 page could not be drawn")
        return HttpResponseServerError(LAST_RESORT)
