def csp_nonce(request):
    """Evaluate django-csp's lazy nonce before templates test it.

    django-csp 4 makes `request.csp_nonce` a lazy object that is falsy until first read, and
    django-dsfr's script tag renders `nonce="…"` only `{% if nonce %}`: without this, the
    DSFR scripts would carry no nonce and the policy would not list one.
    """
    nonce = getattr(request, "csp_nonce", None)
    if nonce is not None:
        str(nonce)
    return {}
