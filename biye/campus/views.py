"""The campus login (统一身份认证) and the end of a session, built on django-cas-ng's views."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django_cas_ng import views as cas_views
from django_cas_ng.utils import RedirectException, get_cas_client

from biye.campus.backends import cas_enabled
from biye.core.models import Division


@method_decorator(login_not_required, name="dispatch")
class CampusLoginView(cas_views.LoginView):
    """Sends the browser to the campus login, then validates the ticket it comes back with. A ticket the
    server refuses, or a campus user with no Biye account, gets a page saying what to do (403)."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not cas_enabled():
            raise Http404
        # django-cas-ng follows ?next= after the login without checking where it leads; only this site.
        next_url = request.GET.get("next")
        if next_url and not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                                            require_https=request.is_secure()):
            return HttpResponseBadRequest()
        try:
            return super().dispatch(request, *args, **kwargs)
        except RedirectException:
            return HttpResponseBadRequest()
        except PermissionDenied:
            outcome, username = getattr(request, "biye_cas_outcome", ("failed", None))
            if outcome == "unknown":
                contacts = Division.objects.exclude(contact_name="").order_by("code")
                return render(request, "campus/unknown.html", {"cas_username": username, "contacts": contacts},
                              status=403)
            return render(request, "campus/failed.html", status=403)


@login_not_required
def after_logout(request: HttpRequest) -> HttpResponse:
    """Where Django's logout (POST /logout/, CSRF-checked) lands: with CAS on, end the campus session too and
    come back to the login page; without, the login page."""
    if not cas_enabled():
        return redirect("login")
    client = get_cas_client(request=request)
    cas_logout = client.get_logout_url(request.build_absolute_uri(reverse("login")))
    # A page that moves on by itself, not a redirect: the logout form's redirects may not leave this site
    # (Content-Security-Policy form-action 'self'), a navigation from a page of its own may.
    return render(request, "campus/logged_out.html", {"cas_logout": cas_logout})
