from django.urls import path

from tousu.notify import views

app_name = "notify"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.open_notice, name="open"),
    path("read-all/", views.read_all, name="read_all"),
]
