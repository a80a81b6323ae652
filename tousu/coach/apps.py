from django.apps import AppConfig


class CoachConfig(AppConfig):
    name = "tousu.coach"
    label = "coach"
