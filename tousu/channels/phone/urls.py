from django.urls import path

from tousu.channels.phone import views, webhook

app_name = "phone"

urlpatterns = [
    # The call centre's webhook (signed; docs/channels/phone.md).
    path("channels/phone/events/", webhook.events, name="events"),
    # Consumers: ask for a callback (portal 客服 page).
    path("channels/phone/callback/", views.request_callback, name="request_callback"),
    # The phone desk (platform staff).
    path("desk/phone/", views.desk_home, name="desk"),
    path("desk/phone/calls/<str:call_id>/", views.call_page, name="call"),
    path("desk/phone/calls/<str:call_id>/pick/", views.pick_consumer, name="pick"),
    path("desk/phone/calls/<str:call_id>/account/", views.new_account, name="new_account"),
    path("desk/phone/calls/<str:call_id>/file/", views.file_for_caller, name="file"),
    path("desk/phone/calls/<str:call_id>/add/", views.add_to_complaint, name="add"),
    path(
        "desk/phone/calls/<str:call_id>/callback/",
        views.callback_for_caller,
        name="callback_for_caller",
    ),
    path("desk/phone/callbacks/", views.callback_queue, name="callbacks"),
    path("desk/phone/callbacks/<int:pk>/", views.callback_page, name="callback"),
    path("desk/phone/callbacks/<int:pk>/number/", views.callback_reveal, name="callback_reveal"),
]
