from django.urls import path

from tousu.complaints import views

urlpatterns = [
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("record/<str:number>.zip", views.record_zip, name="complaint_record"),
]
