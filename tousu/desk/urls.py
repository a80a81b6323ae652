from django.urls import path

from tousu.desk import detail, queue, reveal, reveals, supervisor, writes

app_name = "desk"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("supervisor/", supervisor.supervisor, name="supervisor"),
    path("supervisor/phone-reveals/", reveals.phone_reveals, name="phone_reveals"),
    path("c/<str:number>/", detail.detail, name="detail"),
    path("c/<str:number>/reply/", writes.reply, name="reply"),
    path("c/<str:number>/transition/", writes.transition, name="transition"),
    path("c/<str:number>/assign/", writes.assign, name="assign"),
    path("c/<str:number>/priority/", writes.priority, name="priority"),
    path("c/<str:number>/refunds/<int:pk>/retry/", writes.retry_refund, name="retry_refund"),
    path("c/<str:number>/phone/", reveal.reveal, name="reveal_phone"),
]
