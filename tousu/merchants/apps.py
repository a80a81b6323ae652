from django.apps import AppConfig


class MerchantsConfig(AppConfig):
    name = "tousu.merchants"
    label = "merchants"
