from django.urls import path

from biye.roster import views

app_name = "roster"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("confirm/", views.confirm, name="confirm"),
    path("template.xlsx", views.template, name="template"),
    path("errors/<str:token>.xlsx", views.error_report, name="error_report"),
]
