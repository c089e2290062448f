from django.urls import path

from roret.casework import views

app_name = "casework"

urlpatterns = [
    path("", views.my_queue, name="my_queue"),
    path("team/", views.team_queue, name="team_queue"),
    path("groen-boelge/", views.fast_track_pending, name="fast_track_pending"),
    path("borger/<int:pk>/", views.citizen_applications, name="citizen_applications"),
    path("borger/<int:pk>/ny/", views.application_create, name="application_create"),
    path("ansoegning/<int:pk>/", views.application_detail, name="application_detail"),
    path("ansoegning/<int:pk>/vurdering/", views.application_assess, name="application_assess"),
    path("ansoegning/<int:pk>/afgoerelse/", views.application_decide, name="application_decide"),
    path("ansoegning/<int:pk>/besked/", views.application_notice, name="application_notice"),
    path("ansoegning/<int:pk>/groen-boelge/", views.fast_track_request, name="fast_track_request"),
    path(
        "ansoegning/<int:pk>/groen-boelge/<int:request_pk>/",
        views.fast_track_decide,
        name="fast_track_decide",
    ),
    path("rapport/", views.report, name="report"),
    path("rapport/excel/", views.report_xlsx, name="report_xlsx"),
    path("rapport/pdf/", views.report_pdf, name="report_pdf"),
]
