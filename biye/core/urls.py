from django.contrib.auth import views as auth_views
from django.urls import path

from biye.core import views
from biye.core.forms import LoginForm, OwnPasswordChangeForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(form_class=OwnPasswordChangeForm), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("me/", views.student_home, name="student_home"),
    path("me/record/", views.my_record, name="my_record"),
    path("students/<int:pk>/", views.student_detail, name="student_detail"),
    path("students/<int:pk>/reveal-id/", views.reveal_id_number, name="reveal_id_number"),
    path("college/<str:code>/", views.college_home, name="college_home"),
    path("college/<str:code>/submissions/<str:kind>/", views.submission_act, name="submission_act"),
    path("gs/", views.gs_overview, name="gs_overview"),
    path("gs/calendar/", views.calendar_edit, name="calendar"),
    path("gs/campaign/", views.campaign_settings, name="campaign_settings"),
    path("gs/people/", views.people, name="people"),
    path("gs/people/revoke/", views.revoke, name="revoke_role"),
    path("gs/audit/", views.audit_search, name="audit"),
    path("gs/exports/", views.export_log, name="export_log"),
    path("advisor/", views.advisor_home, name="advisor_home"),
    path("archives/", views.archives_home, name="archives_home"),
]
