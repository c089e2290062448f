from roret.core.routing import routes
from roret.dropin import views

app_name = "dropin"

urlpatterns = routes(views)
