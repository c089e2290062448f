from roret.core.routing import routes
from roret.plans import views

app_name = "plans"

urlpatterns = routes(views)
