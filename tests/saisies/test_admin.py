from jalon.saisies.models import Valeur
from jalon.saisies.services import enregistrer_valeur
from tests.factories import CompteFactory


def test_admin_lists_values_read_only(client, monde):
    enregistrer_valeur(
        monde.u.ars, monde.ind.ars, monde.hdf, "2023", "12", canal=Valeur.Canal.FORMULAIRE
    )
    client.force_login(CompteFactory(username="root", is_superuser=True, is_staff=True))
    page = client.get("/admin/saisies/valeur/")
    assert page.status_code == 200 and "A017quaterINDM01" in page.content.decode()
    assert client.get("/admin/saisies/valeur/add/").status_code == 403
