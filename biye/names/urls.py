from django.urls import path

from biye.names import views

app_name = "names"
urlpatterns = [
    path("me/", views.filing, name="filing"),
    path("college/", views.college_index, name="college_index"),
    path("college/<str:code>/", views.college, name="college"),
    path("students/<int:pk>/", views.student, name="student"),
    path("risks/", views.risks, name="risks"),
]
