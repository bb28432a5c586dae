"""Authentication for the django-ninja API.

- `ApiTokenAuth`: `Authorization: Bearer jalon_<prefix>_<secret>` with a token from
  `jalon token create`; revoked tokens and tokens of deactivated users are refused.
- `token_or_session`: a token, or else the signed-in browser session (with its CSRF check on
  writes), for calls made by HTMX or scripts of Jalon's own pages.

Both return the user, and set `request.user` to it, so the API calls the same permission
functions (`jalon.territoires.perms`) as the web views: `@router.post(..., auth=token_or_session)`.
"""

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from jalon.comptes.models import ApiToken


def authenticate_key(key: str):
    """The user a clear key acts as, or None; records the use at most once a minute."""
    if not key or not key.startswith(f"{ApiToken.KEY_PREFIX}_"):
        return None
    token = (
        ApiToken.objects.actifs()
        .select_related("user")
        .filter(key_hash=ApiToken.hash_key(key))
        .first()
    )
    if token is None:
        return None
    token.mark_used(timezone.now())
    return token.user


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = authenticate_key(token)
        if user is not None:
            request.user = user
            request.api_token_used = True
        return user


api_token_auth = ApiTokenAuth()
# Django's ModelBackend already drops the session of a deactivated user.
session_auth = SessionAuth()
token_or_session = [api_token_auth, session_auth]
