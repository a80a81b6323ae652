from django.http import HttpResponse
from django.urls import path

app_name = "portal"


def placeholder(request, **kwargs):
    return HttpResponse("todo")


urlpatterns = [
    path("orders/", placeholder, name="my_orders"),
    path("complaints/", placeholder, name="my_complaints"),
    path("service/", placeholder, name="service"),
    path("merchant/complaints/", placeholder, name="merchant_complaints"),
]
