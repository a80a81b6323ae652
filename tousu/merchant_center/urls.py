from django.urls import path

from tousu.merchant_center import keys, views

app_name = "merchant_center"

urlpatterns = [
    path("merchant/center/", views.complaints, name="complaints"),
    path("merchant/center/c/<str:number>/", views.complaint, name="complaint"),
    path("merchant/center/c/<str:number>/respond/", views.respond, name="respond"),
    path("merchant/center/c/<str:number>/receipt/", views.confirm_receipt, name="confirm_receipt"),
    path("merchant/center/c/<str:number>/done/", views.report_done, name="report_done"),
    path("merchant/center/c/<str:number>/refund/", views.report_refund, name="report_refund"),
    path(
        "merchant/center/c/<str:number>/return-address/",
        views.return_address,
        name="return_address",
    ),
    path("merchant/center/keys/", keys.keys, name="keys"),
    path("merchant/center/keys/<int:key_id>/revoke/", keys.revoke, name="revoke_key"),
    path("merchant/center/scorecard/", views.my_scorecard, name="scorecard"),
    path("desk/scorecards/", views.all_scorecards, name="all_scorecards"),
]
