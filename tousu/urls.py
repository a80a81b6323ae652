from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tousu import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    # Browsers that ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", views.favicon),
    path("login/", auth_views.LoginView.as_view(template_name="login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("logout/everywhere/", views.sign_out_everywhere_page, name="sign_out_everywhere"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("tousu.api.urls")),
    path("help/", include("tousu.helpcenter.urls")),
    path(
        "", include("tousu.channels.phone.urls")
    ),  # desk/phone/… and channels/phone/…, before desk/
    path("", include("tousu.adjudication.urls")),
    path("", include("tousu.merchant_center.urls")),
    path("desk/", include("tousu.desk.urls")),
    path("channels/wechat/", include("tousu.channels.wechat.urls")),
    path("inbox/", include("tousu.notify.urls")),
    path("", include("tousu.complaints.urls")),
    path("", include("tousu.escalation.urls")),  # complaints/<number>/escalate/…, before the portal
    path("", include("tousu.portal.urls")),
]

handler400 = "tousu.bodylimit.bad_request"
handler403 = "tousu.views.forbidden"
handler404 = "tousu.views.not_found"
handler500 = "tousu.views.server_error"
