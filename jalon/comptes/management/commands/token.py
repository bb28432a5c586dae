from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jalon.comptes import services
from jalon.comptes.models import ApiToken, Utilisateur


def _date(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else "—"


class Command(BaseCommand):
    help = "Gère les jetons d'API : create USERNAME [--nom NOM], revoke PREFIXE, list USERNAME."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, title="actions")
        create = actions.add_parser("create", help="Crée un jeton et affiche sa clé une fois.")
        create.add_argument("username")
        create.add_argument("--nom", default="", help="Nom du jeton (usage, client…).")
        revoke = actions.add_parser("revoke", help="Révoque un jeton d'après son préfixe.")
        revoke.add_argument("prefix")
        listing = actions.add_parser("list", help="Liste les jetons d'un utilisateur.")
        listing.add_argument("username")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _user(self, username):
        try:
            return Utilisateur.objects.get(username=username)
        except Utilisateur.DoesNotExist as error:
            raise CommandError(f"Utilisateur introuvable : {username}") from error

    def _create(self, username, nom, **options):
        user = self._user(username)
        if not user.is_active:
            raise CommandError(f"Le compte {username} est désactivé : aucun jeton créé.")
        token, key = services.creer_jeton(None, user, nom, "commande")
        self.stderr.write(
            f"Jeton {token.prefix} créé pour {username}. Copiez la clé ci-dessous : "
            "elle ne sera plus jamais affichée."
        )
        # The key alone on stdout, so `KEY=$(jalon token create …)` works in scripts.
        self.stdout.write(key)

    def _revoke(self, prefix, **options):
        try:
            token = ApiToken.objects.select_related("user").get(prefix=prefix)
        except ApiToken.DoesNotExist as error:
            raise CommandError(f"Aucun jeton avec le préfixe {prefix}.") from error
        if token.est_revoque:
            raise CommandError(f"Le jeton {prefix} est déjà révoqué ({_date(token.revoked_at)}).")
        services.revoquer_jeton(None, token, "commande")
        self.stdout.write(self.style.SUCCESS(f"Jeton {prefix} de {token.user.username} révoqué."))

    def _list(self, username, **options):
        tokens = self._user(username).api_tokens.all()
        if not tokens:
            self.stdout.write(f"Aucun jeton pour {username}.")
            return
        for token in tokens:
            etat = f"révoqué le {_date(token.revoked_at)}" if token.est_revoque else "actif"
            self.stdout.write(
                f"{token.prefix}  {token.name or '(sans nom)'}  créé le {_date(token.created_at)}"
                f"  dernière utilisation {_date(token.last_used_at)}  {etat}"
            )
