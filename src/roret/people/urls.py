from roret.core.routing import routes
from roret.people import views

app_name = "people"

urlpatterns = routes(views)
