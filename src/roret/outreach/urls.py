from roret.core.routing import routes
from roret.outreach import views

app_name = "outreach"

urlpatterns = routes(views)
