from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "tousu.desk"
    label = "desk"
