from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tousu.accounts"
    label = "accounts"
