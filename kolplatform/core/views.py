from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse


@login_required
def home(request):
    """Staff see their start page; a KOL goes to the cabinet."""
    if request.user.is_kol and not request.user.is_staff_member:
        try:
            return redirect(reverse("contracts:cabinet_home"))
        except NoReverseMatch:
            pass
    return render(request, "core/home.html")
