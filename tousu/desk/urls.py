from django.http import HttpResponse
from django.urls import path

app_name = "desk"


def placeholder(request, **kwargs):
    return HttpResponse("todo")


urlpatterns = [
    path("", placeholder, name="queue"),
]
