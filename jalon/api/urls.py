from ninja import NinjaAPI

api = NinjaAPI(
    title="API Jalon",
    version="1",
    description="Référentiel et données de la feuille de route santé mentale et psychiatrie.",
    urls_namespace="api",
)
