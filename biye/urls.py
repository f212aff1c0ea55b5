from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("biye.core.urls")),
    path("roster/", include("biye.roster.urls")),
    path("names/", include("biye.names.urls")),
    path("photos/", include("biye.photos.urls")),
]
