from roret.core.routing import routes
from roret.offers import views

app_name = "offers"

urlpatterns = routes(views)
