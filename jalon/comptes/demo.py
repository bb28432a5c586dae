"""Demo accounts: one per role, password "demo". Only ever created in demo mode."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from jalon.comptes.models import Utilisateur
from jalon.referentiel.models import Organisation
from jalon.territoires.models import Territoire

DEMO_PASSWORD = "demo"
Role = Utilisateur.Role


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: str
    territoire: str | None = None
    organisation: str | None = None


DEMO_ACCOUNTS = (
    DemoAccount("admin", "Alice", "Administratrice", Role.ADMIN_NATIONAL),
    DemoAccount("dgos", "Denis", "Pilote DGOS", Role.PILOTE_NATIONAL, organisation="DGOS"),
    DemoAccount("ars-32", "Hélène", "Référente ARS HDF", Role.REFERENT_ARS, territoire="REG-32"),
    DemoAccount("ars-11", "Isabelle", "Référente ARS IDF", Role.REFERENT_ARS, territoire="REG-11"),
    DemoAccount("ptsm", "Paul", "Coordinateur PTSM", Role.CONTRIBUTEUR, territoire="DEP-59"),
    DemoAccount("lecteur", "Louise", "Lectrice", Role.LECTEUR),
)


class DemoError(Exception):
    """A French message explaining why the demo accounts cannot be created."""


@transaction.atomic
def create_demo_accounts() -> list[Utilisateur]:
    """Create or update the demo accounts; safe to run again."""
    if not settings.JALON_DEMO:
        raise DemoError(
            "Les comptes de démonstration (mot de passe « demo ») ne sont créés qu'en mode "
            "démonstration : lancez la commande avec JALON_ENV=demo."
        )
    codes = sorted({a.territoire for a in DEMO_ACCOUNTS if a.territoire})
    territoires = Territoire.objects.in_bulk(codes, field_name="code")
    missing = [code for code in codes if code not in territoires]
    if missing:
        raise DemoError(
            f"Territoires introuvables : {', '.join(missing)}. "
            "Chargez d'abord les territoires : jalon load-territoires"
        )
    users = []
    for account in DEMO_ACCOUNTS:
        organisation = None
        if account.organisation:
            organisation, _ = Organisation.objects.get_or_create(
                code=account.organisation,
                defaults={
                    "libelle": "Direction générale de l'offre de soins",
                    "categorie": Organisation.Categorie.DIRECTION,
                },
            )
        is_admin = account.role == Role.ADMIN_NATIONAL
        user, _ = Utilisateur.objects.update_or_create(
            username=account.username,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "email": f"{account.username}@demo.jalon.invalid",
                "role": account.role,
                "territoire": territoires.get(account.territoire),
                "organisation": organisation,
                "is_active": True,
                "is_staff": is_admin,
                "is_superuser": is_admin,
            },
        )
        # Demo only: "demo" would never pass the password validators, on purpose.
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        users.append(user)
    return users


def demo_accounts() -> list[tuple[str, str, str]]:
    """(username, role label, scope) of each demo account, for `setup-demo` to print."""
    users = Utilisateur.objects.select_related("territoire", "organisation").in_bulk(
        [a.username for a in DEMO_ACCOUNTS], field_name="username"
    )
    rows = []
    for account in DEMO_ACCOUNTS:
        user = users.get(account.username)
        if user is not None:
            rows.append((user.username, user.libelle_role, user.perimetre))
        else:
            scope = account.territoire or account.organisation or "National"
            rows.append((account.username, Role(account.role).label, scope))
    return rows


def demo_accounts_for_login_page() -> list[tuple[str, str, str]]:
    return demo_accounts() if settings.JALON_DEMO else []
