from django.urls import path

from biye.campus import views

urlpatterns = [
    path("campus/login/", views.CampusLoginView.as_view(), name="cas_ng_login"),
    path("campus/logout/", views.after_logout, name="campus_logout"),
]
