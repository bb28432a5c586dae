from django.conf import settings

SKIPLINKS = [
    {"link": "#content", "label": "Contenu"},
    {"link": "#navigation-principale", "label": "Menu"},
    {"link": "#footer", "label": "Pied de page"},
]


def jalon(request):
    return {"JALON_DEMO": settings.JALON_DEMO, "skiplinks": SKIPLINKS}


def site_config(request):
    """`dsfr.context_processors.site_config` in one query instead of two on every page: the
    site config in the current language, else the first one (by primary key); no row at all,
    as on a fresh install, cost two queries per page."""
    from django.db.models import Case, IntegerField, Value, When
    from django.utils.translation import get_language
    from dsfr.models import DsfrConfig

    config = (
        DsfrConfig.objects.annotate(
            autre_langue=Case(
                When(language=get_language(), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("autre_langue", "pk")
        .first()
    )
    return {"SITE_CONFIG": config}
