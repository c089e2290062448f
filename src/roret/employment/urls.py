from django.urls import URLPattern

app_name = "employment"

urlpatterns: list[URLPattern] = []
