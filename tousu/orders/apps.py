from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "tousu.orders"
    label = "orders"
