from django.urls import include, path

from argmap.accounts import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("signup/confirm/<str:uidb64>/<str:token>/", views.signup_confirm, name="signup_confirm"),
    path("", views.account, name="account"),
    path("tokens/new/", views.token_new, name="token_new"),
    path("tokens/revoke/", views.tokens_revoke_all_view, name="tokens_revoke_all"),
    path("tokens/<str:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("", include("django.contrib.auth.urls")),
]
