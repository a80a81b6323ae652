from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "tousu.jobs"
    label = "jobs"
