"""The merchant center's API keys page: the shops' keys, a new key (shown once), revoking,
and the recent calls made with them (tousu.merchants; the API side is tousu/api/auth.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tousu.complaints import access
from tousu.complaints.guards import merchant_only
from tousu.merchants import actions as merchants
from tousu.merchants.models import ShopApiKey, ShopApiKeyUse

RECENT_CALLS = 50


def _page(request: HttpRequest, *, created=None, raw="", errors=None, status=200) -> HttpResponse:
    keys = list(access.keys_for(request.user))
    working = set(
        ShopApiKey.objects.working()
        .filter(pk__in=[k.pk for k in keys])
        .values_list("pk", flat=True)
    )
    for key in keys:
        key.works = key.pk in working
    calls = (
        ShopApiKeyUse.objects.filter(key__in=access.keys_for(request.user))
        .select_related("key")
        .order_by("-at", "-id")[:RECENT_CALLS]
    )
    return render(
        request,
        "merchant_center/keys.html",
        {
            "keys": keys,
            "shops": list(access.shops_of(request.user)),
            "calls": calls,
            "created": created,
            "raw": raw,
            "errors": errors or {},
        },
        status=status,
    )


@merchant_only
def keys(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request)
    chosen = request.POST.get("shop", "")
    shop = next((s for s in access.shops_of(request.user) if str(s.pk) == chosen), None)
    if shop is None or not access.may_manage_keys(request.user, shop):
        return _page(request, errors={"shop": _("Choose one of your shops.")}, status=422)
    try:
        key, raw = merchants.create_key(shop, request.user, request.POST.get("name", ""))
    except merchants.KeyRefused as refused:
        return _page(request, errors=refused.errors, status=422)
    return _page(request, created=key, raw=raw, status=201)


@merchant_only
@require_POST
def revoke(request: HttpRequest, key_id: int) -> HttpResponse:
    key = access.keys_for(request.user).filter(pk=key_id).first()
    if key is None or not access.may_manage_keys(request.user, key.merchant):
        raise Http404()
    try:
        merchants.revoke_key(key, request.user)
    except merchants.KeyRefused as refused:
        messages.error(request, " ".join(refused.errors.values()))
        return redirect("merchant_center:keys")
    messages.success(request, _("The key %(name)s no longer works.") % {"name": key.name})
    return redirect("merchant_center:keys")
