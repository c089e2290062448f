from roret.core.routing import routes
from roret.employment import views

app_name = "employment"

urlpatterns = routes(views)
