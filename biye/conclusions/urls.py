from django.urls import path

from biye.conclusions import views

app_name = "conclusions"
urlpatterns = [
    path("me/", views.me, name="me"),
    path("advisor/", views.advisor, name="advisor"),
    path("applications/<int:pk>/", views.application_act, name="application_act"),
    path("college/", views.college_index, name="college_index"),
    path("college/<str:code>/", views.college, name="college"),
    path("college/<str:code>/propose/", views.propose, name="propose"),
    path("college/<str:code>/propose-all/", views.propose_all, name="propose_all"),
    path("college/<str:code>/import/", views.import_standings, name="import"),
    path("college/<str:code>/form/", views.form_download, name="form"),
    path("students/<int:pk>/", views.student, name="student"),
    path("registration/", views.registration, name="registration"),
]
