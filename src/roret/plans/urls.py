from django.urls import path

from roret.plans import views

app_name = "plans"

urlpatterns = [
    path("opfoelgning/", views.follow_up, name="follow_up"),
    path("borger/<int:citizen_pk>/", views.plan_for_citizen, name="plan_for_citizen"),
    path("borger/<int:citizen_pk>/ny/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/maal/ny/", views.goal_add, name="goal_add"),
    path("<int:pk>/maal/<int:goal_pk>/ret/", views.goal_edit, name="goal_edit"),
    path("<int:pk>/maal/<int:goal_pk>/vurdering/", views.rating_add, name="rating_add"),
    path("<int:pk>/indsatser/ny/", views.intervention_add, name="intervention_add"),
    path(
        "<int:pk>/indsatser/<int:intervention_pk>/status/",
        views.intervention_status,
        name="intervention_status",
    ),
    path("<int:pk>/aftaler/ny/", views.agreement_add, name="agreement_add"),
    path(
        "<int:pk>/aftaler/<int:agreement_pk>/opfoelgning/",
        views.agreement_resolve,
        name="agreement_resolve",
    ),
]
