from django.contrib import admin
from django.urls import include, path

from roret.casework import views as casework_views
from roret.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("rapporter/", core_views.reports, name="reports"),
    path("", include("roret.accounts.urls")),
    path("borgere/", include("roret.people.urls")),
    path("sager/", include("roret.casework.urls")),
    path("sagsbehandlingstider/", casework_views.processing_times, name="processing_times"),
    path("planer/", include("roret.plans.urls")),
    path("journal/", include("roret.journal.urls")),
    path("vaeresteder/", include("roret.dropin.urls")),
    path("tilbud/", include("roret.offers.urls")),
    path("beskaeftigelse/", include("roret.employment.urls")),
    path("opsoegende/", include("roret.outreach.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
