from django.urls import path

from roret.dropin import views

app_name = "dropin"

urlpatterns = [
    path("", views.site_list, name="site_list"),
    path("<int:pk>/taelling/", views.counter, name="counter"),
    path("<int:pk>/taelling/tryk/", views.tap, name="tap"),
    path("<int:pk>/rettelser/", views.corrections, name="corrections"),
    path("<int:pk>/statistik/", views.statistics, name="statistics"),
    path("<int:pk>/statistik.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
    path("<int:pk>/statistik.pdf", views.statistics_pdf, name="statistics_pdf"),
    path("<int:pk>/bemanding/", views.staffing, name="staffing"),
]
