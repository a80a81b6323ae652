"""Bearer-token authentication and the token endpoints."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import HttpBearer

from tousu.accounts import actions as accounts
from tousu.accounts.models import ApiToken, Role, User
from tousu.api.enums import choice
from tousu.api.errors import ApiError
from tousu.api.schemas import ErrorOut
from tousu.complaints import access
from tousu.merchants.models import KEY_PREFIX, ShopApiKey


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``; sets ``request.user`` to the token's owner.

    A shop API key (``tsk_…``, tousu.merchants.models.ShopApiKey) authenticates as its
    creator acting for that one shop (``access.scope_to_shop``); ``request.shop_api_key``
    is set and the call is logged (tousu/api/urls.py)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        token = token.strip() if token else ""
        if token.startswith(KEY_PREFIX):
            return self._shop_key(request, token)
        user = ApiToken.owner_of(token, timezone.now()) if token else None
        if user is None:
            return None
        request.user = user
        return user

    def _shop_key(self, request: HttpRequest, raw: str) -> User | None:
        key = ShopApiKey.lookup(raw)
        if key is None or not access.may_use_shop_key(key.created_by):
            return None
        user = access.scope_to_shop(key.created_by, key.merchant_id)
        request.user = user
        request.shop_api_key = key  # type: ignore[attr-defined]
        return user


def _refuse_shop_key(request: HttpRequest) -> None:
    if getattr(request, "shop_api_key", None) is not None:
        raise ApiError(
            403, "forbidden", _("A shop API key is revoked in the merchant center, not here.")
        )


bearer = BearerToken()
router = Router(tags=["auth"])


class Credentials(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"
    expires_at: datetime


class MeOut(Schema):
    username: str
    display_name: str
    role: choice(Role)
    role_label: str


@router.post(
    "/token", auth=None, response={200: TokenOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut}
)
def issue_token(request: HttpRequest, payload: Credentials) -> Status:
    """Exchange a username and password for a bearer token (active users only).

    Throttled like the web login (tousu/signin.py): after TOUSU_LOGIN_FAILURE_LIMIT failures
    for the account or from the address, 429 ``too_many_attempts`` with ``Retry-After``.
    """
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None or not user.is_active:
        raise ApiError(401, "invalid_credentials", _("The username or password is wrong."))
    expires_at = timezone.now() + timedelta(days=settings.TOUSU_API_TOKEN_DAYS)
    _token, raw = ApiToken.issue(user, expires_at)
    return Status(200, {"token": raw, "expires_at": expires_at})


@router.delete("/token", response={204: None, 401: ErrorOut, 403: ErrorOut})
def revoke_token(request: HttpRequest) -> Status:
    """Sign out: the token used for this request stops working at once (a shop API key: 403)."""
    _refuse_shop_key(request)
    ApiToken.objects.filter(pk=request.user.api_token_pk).delete()  # type: ignore[union-attr]
    return Status(204, None)


@router.delete("/tokens", response={204: None, 401: ErrorOut, 403: ErrorOut})
def sign_out_everywhere(request: HttpRequest) -> Status:
    """Sign out everywhere: every token of this user and every web session end at once
    (not with a shop API key: 403)."""
    _refuse_shop_key(request)
    accounts.sign_out_everywhere(request.auth)  # type: ignore[arg-type]
    return Status(204, None)


@router.get("/me", response={200: MeOut, 401: ErrorOut})
def me(request: HttpRequest) -> dict:
    """Who the token belongs to."""
    user: User = request.auth  # type: ignore[attr-defined]
    return {
        "username": user.username,
        "display_name": user.display_name or user.username,
        "role": user.role,
        "role_label": str(Role(user.role).label),
    }
