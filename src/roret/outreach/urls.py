from django.urls import path

from roret.outreach import views

app_name = "outreach"

urlpatterns = [
    path("", views.contact_list, name="contact_list"),
    path("kontakt/ny/", views.contact_create, name="contact_create"),
    path("kontakt/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("kontakt/<int:pk>/ansoegning/", views.referral_create, name="referral_create"),
    path("kontakt/<int:pk>/aftale/", views.agreement_create, name="agreement_create"),
    path("kontakt/<int:pk>/henvisning/", views.offer_referral_create, name="offer_referral_create"),
    path("anonym/<int:pk>/", views.person_detail, name="person_detail"),
    path("anonym/<int:pk>/kontakt/ny/", views.person_contact_create, name="person_contact_create"),
    path("anonym/<int:pk>/identificer/", views.person_identify, name="person_identify"),
    path(
        "borger/<int:citizen_pk>/kontakt/ny/",
        views.citizen_contact_create,
        name="citizen_contact_create",
    ),
    path("borger/<int:citizen_pk>/forloeb/ny/", views.caseload_start, name="caseload_start"),
    path("forloeb/<int:pk>/afslut/", views.caseload_end, name="caseload_end"),
    path("team/", views.team_caseload, name="team_caseload"),
    path("ansoegninger/", views.referral_inbox, name="referral_inbox"),
    path("ansoegninger/<int:pk>/registrer/", views.referral_register, name="referral_register"),
    path("omraader/", views.area_overview, name="area_overview"),
    path("medarbejder/<int:pk>/", views.worker_place, name="worker_place"),
    path("rapport/", views.report, name="report"),
    path("rapport/excel/", views.report_xlsx, name="report_xlsx"),
    path("rapport/pdf/", views.report_pdf, name="report_pdf"),
]
