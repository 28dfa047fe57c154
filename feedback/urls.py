from django.urls import path

from feedback import public_views, views

app_name = "feedback"

urlpatterns = [
    path("s/<str:token>/", public_views.survey_form, name="form"),
    path("s/<str:token>/thanks/", public_views.survey_thanks, name="thanks"),
    path("s/<str:token>/p/<uuid:badge>/", public_views.survey_personal, name="personal"),
    path("", views.overview, name="overview"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/new/", views.template_edit, name="template_create"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("templates/<int:pk>/default/", views.template_make_default, name="template_make_default"),
    path("events/<int:event_pk>/", views.analysis, name="analysis"),
    path("events/<int:event_pk>/export.xlsx", views.analysis_export, name="analysis_xlsx"),
    path("events/<int:event_pk>/survey/", views.survey_edit, name="survey_edit"),
    path("events/<int:event_pk>/qr.svg", views.survey_qr, {"kind": "svg"}, name="qr_svg"),
    path("events/<int:event_pk>/qr.png", views.survey_qr, {"kind": "png"}, name="qr_png"),
    path("events/<int:event_pk>/poster.pdf", views.survey_qr, {"kind": "pdf"}, name="poster"),
]
