from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "biye.photos"
    label = "photos"
