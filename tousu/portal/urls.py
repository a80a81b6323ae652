from django.urls import path

from tousu.portal.views import (
    activity,
    coach,
    complaints,
    entitlement,
    filing,
    incidents,
    orders,
)

app_name = "portal"

urlpatterns = [
    # Consumer: 我的订单 → order → 售后 / 投诉
    path("orders/", orders.my_orders, name="my_orders"),
    path("orders/<str:number>/", orders.order_detail, name="order"),
    path("orders/<str:number>/complain/", filing.file_for_order, name="file_for_order"),
    path("orders/<str:number>/entitlement/", entitlement.entitlement, name="entitlement"),
    # Consumer: 我的 → 客服, 我的投诉
    path("service/", filing.service, name="service"),
    path("complaints/", complaints.my_complaints, name="my_complaints"),
    path("complaints/new/", filing.file_without_order, name="file_without_order"),
    path(
        "complaints/coach/", coach.coach, name="coach"
    ),  # writing coach tips (htmx), before <number>
    path("complaints/<str:number>/", complaints.complaint_detail, name="complaint"),
    # Writes on a complaint page, for the consumer and the merchant alike.
    path("complaints/<str:number>/message/", activity.post_message, name="message"),
    path("complaints/<str:number>/evidence/", activity.add_evidence, name="add_evidence"),
    path("complaints/<str:number>/act/", activity.act, name="act"),
    path("complaints/<str:number>/urge/", activity.urge, name="urge"),
    # 我也遇到了: join an incident (collective complaint) with one's own order.
    path("incidents/<int:pk>/join/", incidents.join_incident, name="join_incident"),
]
