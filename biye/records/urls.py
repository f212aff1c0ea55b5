from django.urls import path

from biye.records import views

app_name = "records"
urlpatterns = [
    path("me/", views.check, name="check"),
    path("evidence/<str:token>/", views.evidence, name="evidence"),
    path("corrections/<int:pk>/", views.correction, name="correction"),
    path("college/", views.college_index, name="college_index"),
    path("college/<str:code>/", views.college, name="college"),
    path("college/<str:code>/findings/", views.findings, name="findings"),
    path("college/<str:code>/sheet.xlsx", views.sheet_xlsx, name="sheet_xlsx"),
    path("college/<str:code>/sheet.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("gs/sheets.xlsx", views.all_sheets_xlsx, name="all_sheets_xlsx"),
    path("gs/sheets.pdf", views.all_sheets_pdf, name="all_sheets_pdf"),
    path("gs/", views.gs, name="gs"),
    path("disciplines/", views.disciplines, name="disciplines"),
    path("disciplines/import/", views.import_table, name="import_table"),
    path("disciplines/import/confirm/", views.confirm_table, name="confirm_table"),
    path("disciplines/<int:discipline_id>/", views.discipline, name="discipline"),
]
