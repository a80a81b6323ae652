from django.apps import AppConfig


class DeployConfig(AppConfig):
    """The production profile: system checks that refuse unsafe settings (docs/deploy.md)."""

    name = "tousu.deploy"
    label = "deploy"

    def ready(self):
        from tousu.deploy import checks  # noqa: F401 - registering the checks is importing them
