"""A page with one chart, served only in the chart browser test."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

from roret.core.charts import Chart, vega_lite

PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<h1>Diagram</h1>'
    '{% include "core/_chart.html" %}{% endblock %}'
    '{% block scripts %}{% include "core/_chart_scripts.html" %}{% endblock %}'
)


def chart_page(request: HttpRequest) -> HttpResponse:
    chart = Chart(
        id="demo-chart",
        title="Afgørelser pr. måned",
        description="Søjlediagram: antal afgørelser pr. måned.",
        spec=vega_lite(
            {
                "data": {"values": [{"m": "jan", "n": 3}, {"m": "feb", "n": 5}]},
                "mark": "bar",
                "encoding": {
                    "x": {"field": "m", "type": "nominal", "title": "Måned"},
                    "y": {"field": "n", "type": "quantitative", "title": "Antal"},
                    "tooltip": [{"field": "n", "type": "quantitative"}],
                },
            }
        ),
        columns=["Måned", "Antal"],
        rows=[["jan", 3], ["feb", 5]],
    )
    return HttpResponse(PAGE.render({"chart": chart}, request))


urlpatterns = [path("diagram/", chart_page), path("", include("roret.urls"))]
