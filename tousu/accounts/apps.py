from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tousu.accounts"
    label = "accounts"

    def ready(self):
        from tousu import checks  # noqa: F401 - registers the production profile's system checks
