from django.urls import path

from roret.offers import views

app_name = "offers"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("henvisninger/", views.referrals_sent, name="referrals_sent"),
    path("henvisninger/ny/", views.referral_create, name="referral_create"),
    path("henvisninger/<int:pk>/accepter/", views.referral_accept, name="referral_accept"),
    path("henvisninger/<int:pk>/afvis/", views.referral_decline, name="referral_decline"),
    path("modtagelse/", views.intake, name="intake"),
    path("forloeb/<int:pk>/afslut/", views.enrolment_end, name="enrolment_end"),
    path("hold/ny/", views.course_run_create, name="course_run_create"),
    path("hold/<int:pk>/", views.course_run, name="course_run"),
    path("hold/<int:pk>/moeder/ny/", views.session_create, name="session_create"),
    path("hold/<int:pk>/deltagere/", views.participant_add, name="participant_add"),
    path("moeder/<int:pk>/fremmoede/", views.attendance, name="attendance"),
    path("raadgivning/", views.counselling, name="counselling"),
    path("rapport/", views.report, name="report"),
    path("rapport/excel/", views.report_xlsx, name="report_xlsx"),
    path("rapport/pdf/", views.report_pdf, name="report_pdf"),
]
