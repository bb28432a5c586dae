from django.conf import settings

SKIPLINKS = [
    {"link": "#content", "label": "Contenu"},
    {"link": "#navigation-principale", "label": "Menu"},
    {"link": "#footer", "label": "Pied de page"},
]


def jalon(request):
    return {"JALON_DEMO": settings.JALON_DEMO, "skiplinks": SKIPLINKS}
