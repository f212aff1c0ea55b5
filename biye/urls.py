from django.urls import include, path

from biye.diplomas import views as diplomas_views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("biye.core.urls")),
    path("", include("biye.campus.urls")),
    path("roster/", include("biye.roster.urls")),
    path("names/", include("biye.names.urls")),
    path("photos/", include("biye.photos.urls")),
    path("records/", include("biye.records.urls")),
    path("reminders/", include("biye.reminders.urls")),
    path("diplomas/", include("biye.diplomas.urls")),
    # R4.5: the public check of a study certificate (no login).
    path("verify/<str:token>/", diplomas_views.verify, name="verify"),
    path("conclusions/", include("biye.conclusions.urls")),
]

# A missing page says why when the reason is one a person can act on (no campaign yet): core.views.not_found.
handler404 = "biye.core.views.not_found"
handler403 = "biye.core.views.forbidden"
