app_name = "field"
urlpatterns = []
