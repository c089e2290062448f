from django.urls import path

from roret.employment import views

app_name = "employment"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("borger/<int:citizen_pk>/", views.citizen, name="citizen"),
    path("borger/<int:citizen_pk>/frikort/", views.frikort_decide, name="frikort_decide"),
    path("borger/<int:citizen_pk>/job/", views.job_add, name="job_add"),
    path("frikort/<int:pk>/tjek/", views.frikort_check, name="frikort_check"),
    path("frikort/<int:pk>/deaktiver/", views.frikort_deactivate, name="frikort_deactivate"),
    path("frikort/<int:pk>/indtaegt/", views.earning_add, name="earning_add"),
    path("job/<int:pk>/afslut/", views.job_end, name="job_end"),
    path("rapport/", views.report, name="report"),
    path("rapport/excel/", views.report_xlsx, name="report_xlsx"),
    path("rapport/pdf/", views.report_pdf, name="report_pdf"),
]
