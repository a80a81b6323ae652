from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tousu.accounts.actions import sign_out_everywhere
from tousu.complaints import access


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
