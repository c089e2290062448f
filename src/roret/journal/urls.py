from django.urls import path

from roret.journal import views

app_name = "journal"

urlpatterns = [
    path("borger/<int:citizen_pk>/", views.citizen_timeline, name="citizen_timeline"),
    path("borger/<int:citizen_pk>/notater/ny/", views.note_add, name="note_add"),
    path("borger/<int:citizen_pk>/moeder/ny/", views.appointment_add, name="appointment_add"),
    path("moeder/<int:pk>/ret/", views.appointment_edit, name="appointment_edit"),
    path("notater/<int:pk>/ret/", views.note_correct, name="note_correct"),
    path("kalender/", views.calendar, name="calendar"),
    path("kalender/feed/", views.calendar_feed, name="calendar_feed"),
    path("ical/<str:token>.ics", views.ical_feed, name="ical_feed"),
]
