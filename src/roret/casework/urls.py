from roret.casework import views
from roret.core.routing import routes

app_name = "casework"

urlpatterns = routes(views)
