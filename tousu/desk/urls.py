from django.urls import path

from tousu.desk import (
    bulk,
    detail,
    incidents,
    macro_pages,
    presence,
    queue,
    reveal,
    reveals,
    saved,
    supervisor,
    teams,
    writes,
)
from tousu.desk.figures import views as figures

app_name = "desk"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("bulk/", bulk.bulk, name="bulk"),
    path("views/", saved.save, name="save_view"),
    path("views/<int:pk>/delete/", saved.delete, name="delete_view"),
    path("macros/", macro_pages.macros, name="macros"),
    path("macros/<int:pk>/", macro_pages.macros, name="edit_macro"),
    path("macros/<int:pk>/delete/", macro_pages.delete, name="delete_macro"),
    path("supervisor/", supervisor.supervisor, name="supervisor"),
    path("figures/", figures.figures, name="figures"),
    path("supervisor/phone-reveals/", reveals.phone_reveals, name="phone_reveals"),
    path("teams/", teams.team_list, name="teams"),
    path("teams/new/", teams.team_form, name="new_team"),
    path("teams/<int:pk>/", teams.team_form, name="edit_team"),
    path("incidents/", incidents.incident_list, name="incidents"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="incident"),
    path("incidents/<int:pk>/together/", incidents.handle_together, name="incident_together"),
    path("incidents/<int:pk>/close/", incidents.close, name="incident_close"),
    path("c/<str:number>/", detail.detail, name="detail"),
    path("c/<str:number>/reply/", writes.reply, name="reply"),
    path("c/<str:number>/transition/", writes.transition, name="transition"),
    path("c/<str:number>/assign/", writes.assign, name="assign"),
    path("c/<str:number>/priority/", writes.priority, name="priority"),
    path("c/<str:number>/team/", writes.team, name="team"),
    path("c/<str:number>/category/", writes.category, name="category"),
    path("c/<str:number>/macro/", macro_pages.apply, name="apply_macro"),
    path("c/<str:number>/presence/", presence.presence, name="presence"),
    path("c/<str:number>/refunds/<int:pk>/retry/", writes.retry_refund, name="retry_refund"),
    path("c/<str:number>/phone/", reveal.reveal, name="reveal_phone"),
]
