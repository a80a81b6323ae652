from django.apps import AppConfig


class EscalationConfig(AppConfig):
    name = "tousu.escalation"
    label = "escalation"
