from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check for logins made through a web request.

    ``authenticate()`` without a request (the test client's ``login()``, management
    commands) cannot be throttled per client, so it is passed on to the next backend
    instead of failing: every login form and API login does carry its request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
