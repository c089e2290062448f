from django.urls import path

from roret.people import views

app_name = "people"

urlpatterns = [
    path("", views.citizen_search, name="citizen_search"),
    path("ny/", views.citizen_create, name="citizen_create"),
    path("<int:pk>/", views.citizen_detail, name="citizen_detail"),
    path("<int:pk>/rediger/", views.citizen_edit, name="citizen_edit"),
    path("<int:pk>/problemomraader/ny/", views.problem_area_add, name="problem_area_add"),
    path(
        "<int:pk>/problemomraader/<int:area_pk>/afslut/",
        views.problem_area_end,
        name="problem_area_end",
    ),
    path("<int:pk>/samtykker/ny/", views.consent_add, name="consent_add"),
    path(
        "<int:pk>/samtykker/<int:consent_pk>/tilbagekald/",
        views.consent_revoke,
        name="consent_revoke",
    ),
    path("<int:pk>/netvaerk/ny/", views.network_party_add, name="network_party_add"),
    path("<int:pk>/relationer/ny/", views.relation_add, name="relation_add"),
    path("<int:pk>/adgangslog/", views.citizen_access_log, name="citizen_access_log"),
]
