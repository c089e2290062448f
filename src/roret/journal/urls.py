from roret.core.routing import routes
from roret.journal import views

app_name = "journal"

urlpatterns = routes(views)
