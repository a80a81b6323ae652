from django.urls import path

from tousu.adjudication import views

app_name = "adjudication"

urlpatterns = [
    # Agent: platform intervention (客服介入)
    path("desk/c/<str:number>/intervention/", views.intervention, name="intervention"),
    path("desk/c/<str:number>/intervention/decide/", views.decide, name="decide"),
    path(
        "desk/c/<str:number>/intervention/evidence/",
        views.request_evidence,
        name="request_evidence",
    ),
    path(
        "desk/c/<str:number>/intervention/refund/",
        views.settle_refund,
        name="settle_refund",
    ),
    # Consumer
    path("complaints/<str:number>/offer/", views.answer_offer, name="answer_offer"),
    path("complaints/<str:number>/return/", views.ship_return, name="ship_return"),
    path("complaints/<str:number>/refund/", views.answer_refund, name="answer_refund"),
    path("complaints/<str:number>/rate/", views.rate, name="rate"),
]
