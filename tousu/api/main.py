"""The app channel's REST API: one ``NinjaAPI`` with a router per endpoint group."""

from django.utils.translation import gettext_lazy as _

from tousu.api import (
    agent_queue,
    agent_steps,
    auth,
    callbacks,
    coach,
    complaints,
    consumer_steps,
    conversation,
    errors,
    imports,
    incidents,
    merchant_steps,
    notifications,
    orders,
    remedies,
    search,
    webhooks,
)
from tousu.api import external as external_api
from tousu.api.openapi import DocumentedApi
from tousu.api.rendering import JsonParser, Renderer

api = DocumentedApi(
    title="Tousu API",
    version="1",
    description=(
        "App channel of the Tousu complaint platform. Authenticate with "
        "`POST /api/v1/auth/token`, then send `Authorization: Bearer <token>`. "
        "Errors are JSON `{code, message, fields?}`; messages follow `Accept-Language`."
    ),
    urls_namespace="api",
    auth=auth.bearer,
    renderer=Renderer(),
    parser=JsonParser(),
)
errors.install(api)

api.add_router("/v1/auth", auth.router)
api.add_router("/v1/orders", orders.router)
api.add_router("/v1/orders", remedies.router)
api.add_router("/v1/complaints", complaints.router)
api.add_router("/v1/complaints", conversation.router)
api.add_router("/v1/complaints", merchant_steps.router)
api.add_router("/v1/complaints", consumer_steps.router)
api.add_router("/v1/evidence", conversation.files)
api.add_router("/v1/import", imports.router)
api.add_router("/v1/callbacks", callbacks.router)
api.add_router("/v1/coach", coach.router)
api.add_router("/v1/import", external_api.imports)
api.add_router("/v1/export", external_api.exports)
api.add_router("/v1/webhooks", webhooks.router)
api.add_router("/v1/changes", webhooks.changes)
api.add_router("/v1/search", search.router)
api.add_router("/v1/notifications", notifications.router)
api.add_router("/v1/complaints", agent_steps.router)
api.add_router("/v1/queue", agent_queue.router)
api.add_router("/v1/incidents", incidents.router)

METHOD_NOT_ALLOWED = _("This method is not allowed here.")
