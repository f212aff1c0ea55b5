from django.urls import path

from biye.reminders import views

app_name = "reminders"
urlpatterns = [
    path("", views.log, name="log"),
    path("outbox/", views.outbox, name="outbox"),
    path("leads/", views.lead_times, name="lead_times"),
    path("college/<str:code>/<str:task>/", views.todo, name="todo"),
]
