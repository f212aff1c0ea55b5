from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("biye.core.urls")),
    path("", include("biye.campus.urls")),
    path("roster/", include("biye.roster.urls")),
    path("names/", include("biye.names.urls")),
    path("photos/", include("biye.photos.urls")),
    path("records/", include("biye.records.urls")),
    path("reminders/", include("biye.reminders.urls")),
]

# A missing page says why when the reason is one a person can act on (no campaign yet): core.views.not_found.
handler404 = "biye.core.views.not_found"
