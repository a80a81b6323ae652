from django.urls import path

from tousu.complaints import views

urlpatterns = [
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
]
