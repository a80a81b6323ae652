from django.urls import path

from tousu.escalation import views

app_name = "escalation"

urlpatterns = [
    path("complaints/<str:number>/escalate/", views.escalation_guide, name="guide"),
    path("complaints/<str:number>/escalate/draft.pdf", views.draft_pdf, name="draft_pdf"),
    path("complaints/<str:number>/escalate/record/", views.record, name="record"),
]
