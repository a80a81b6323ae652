from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect


@login_required
def home(request):
    """Send each role to its own front page."""
    user = request.user
    if user.is_platform_staff:
        return redirect("desk:queue")
    if user.is_merchant_staff:
        return redirect("merchant_center:complaints")
    return redirect("portal:my_orders")
