from django.urls import path

from tousu.channels.wechat import views

app_name = "wechat"

urlpatterns = [
    path("", views.endpoint, name="endpoint"),
    path("simulator/", views.simulator_page, name="simulator"),
]
