from django.conf import settings


def jalon(request):
    return {"JALON_DEMO": settings.JALON_DEMO}
