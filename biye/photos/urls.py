from django.urls import path

from biye.photos import views

app_name = "photos"
urlpatterns = [
    path("me/", views.student_page, name="student"),
    path("list/<str:which>/", views.photo_list, name="list"),
    path("list/<str:which>/xlsx/", views.photo_list_xlsx, name="list_xlsx"),
    path("students/<int:pk>/paper/", views.paper_photo, name="paper"),
    path("students/<int:pk>/include/", views.request_inclusion, name="request_inclusion"),
    path("inclusions/", views.inclusions, name="inclusions"),
    path("inclusions/<int:pk>/decide/", views.decide_inclusion, name="decide_inclusion"),
    path("vendor/", views.vendor, name="vendor"),
    path("vendor/confirm/", views.vendor_confirm, name="vendor_confirm"),
    path("vendor/refused/<str:token>/", views.vendor_refused, name="vendor_refused"),
    path("vendor/list.xlsx", views.vendor_list_xlsx, name="vendor_list_xlsx"),
]
