from django.urls import path

from cohesion.accounts import views
from cohesion.core.routes import (
    PUBLIC,
    PUBLIC_FORM,
    SENSITIVE,
    SENSITIVE_FORM,
    SIGNED_IN,
    SIGNED_IN_FORM,
)

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="accounts-sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="accounts-sign-out"),
    path("password/reset/", views.ForgottenPasswordView.as_view(), name="accounts-password-reset"),
    path(
        "password/reset/sent/",
        views.PasswordLinkSentView.as_view(),
        name="accounts-password-reset-sent",
    ),
    path(
        "password/set/<uidb64>/<token>/",
        views.SetPasswordView.as_view(),
        name="accounts-password-set",
    ),
    path(
        "password/set/done/",
        views.PasswordSetDoneView.as_view(),
        name="accounts-password-set-done",
    ),
    path("profile/", views.profile, name="accounts-profile"),
    path("profile/language/", views.profile_language, name="accounts-profile-language"),
    path("organisations/", views.organisation_list, name="accounts-organisation-list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="accounts-organisation-detail"),
    path("organisations/<int:pk>/members/add/", views.member_add, name="accounts-member-add"),
    path("invitations/<str:token>/", views.invitation_accept, name="accounts-invitation"),
    path("memberships/<int:pk>/", views.membership_edit, name="accounts-membership-edit"),
    path(
        "memberships/<int:pk>/unlock/",
        views.membership_unlock,
        name="accounts-membership-unlock",
    ),
]

# Who may open each address (cohesion/core/routes.py; the permission test refuses a route missing here).
ROUTE_CLASSES = {
    "accounts-sign-in": PUBLIC_FORM,
    "accounts-sign-out": PUBLIC_FORM,
    "accounts-password-reset": PUBLIC_FORM,
    "accounts-password-reset-sent": PUBLIC,
    "accounts-password-set": PUBLIC_FORM,
    "accounts-password-set-done": PUBLIC,
    "accounts-profile": SIGNED_IN,
    "accounts-profile-language": SIGNED_IN_FORM,
    "accounts-organisation-list": SENSITIVE,
    "accounts-organisation-detail": SENSITIVE,
    "accounts-member-add": SENSITIVE_FORM,
    "accounts-membership-edit": SENSITIVE_FORM,
    "accounts-membership-unlock": SENSITIVE_FORM,
    # Opened from an emailed link: the signed token decides who may accept it.
    "accounts-invitation": PUBLIC_FORM,
}
