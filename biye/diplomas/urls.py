from django.urls import path

from biye.diplomas import views

app_name = "diplomas"

urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.mine, name="mine"),
    path("college/<str:code>/", views.college, name="college"),
    path("college/<str:code>/download/", views.download, name="download"),
    path("college/<str:code>/study/", views.study_list, name="study"),
    path("study/<int:pk>/pdf/", views.study_pdf, name="study_pdf"),
    path("dossier/", views.dossier, name="dossier"),
]
