"""Benchmark (not a test): import a generated N-row values CSV through `importer_valeurs`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jalon_bench \\
        .venv/bin/python bench/import_valeurs.py --lignes 100000

Creates (if missing) a synthetic indicator and 1 000 infra-departmental territories outside
the real COG codes, generates a monthly long-format CSV, then imports it twice as a national
admin: first run (all created), second run (all unchanged, the idempotence path). Prints
rows/s and the peak resident memory of the process (ru_maxrss), with the machine's cores.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")
os.environ.setdefault("JALON_ENV", "dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from jalon.comptes.models import Utilisateur  # noqa: E402
from jalon.imports.valeurs import importer_valeurs  # noqa: E402
from jalon.referentiel.models import Indicateur  # noqa: E402
from jalon.saisies.models import Valeur  # noqa: E402
from jalon.territoires.models import Territoire  # noqa: E402

CODE = "A999INDM01"
N = Territoire.Niveau


def preparer(nb_territoires: int):
    call_command("migrate", verbosity=0)
    fr, _ = Territoire.objects.get_or_create(
        code="FR", defaults={"niveau": N.PAYS, "nom": "France"}
    )
    region, _ = Territoire.objects.get_or_create(
        code="REG-99", defaults={"niveau": N.REGION, "nom": "Région banc", "parent": fr}
    )
    dep, _ = Territoire.objects.get_or_create(
        code="DEP-999", defaults={"niveau": N.DEPARTEMENT, "nom": "Dép. banc", "parent": region}
    )
    existants = set(
        Territoire.objects.filter(code__startswith="PTSM-BANC-").values_list("code", flat=True)
    )
    Territoire.objects.bulk_create(
        Territoire(code=f"PTSM-BANC-{i}", niveau=N.PTSM, nom=f"PTSM banc {i}", parent=dep)
        for i in range(nb_territoires)
        if f"PTSM-BANC-{i}" not in existants
    )
    indicateur, _ = Indicateur.objects.get_or_create(
        code=CODE,
        defaults={
            "type": Indicateur.Type.MOYENS,
            "libelle": "Indicateur de banc d'essai",
            "fournisseur_libelle": "DMSMP",
            "maille": Indicateur.Maille.INFRA_DEPARTEMENTALE,
            "frequence": Indicateur.Frequence.MENSUELLE,
        },
    )
    Valeur.objects.filter(indicateur=indicateur).delete()
    admin, _ = Utilisateur.objects.get_or_create(
        username="banc-admin", defaults={"role": Utilisateur.Role.ADMIN_NATIONAL}
    )
    return admin


def generer(chemin: Path, lignes: int, nb_territoires: int) -> None:
    with open(chemin, "w", encoding="utf-8") as sortie:
        sortie.write("indicateur,territoire,periode,valeur,source,commentaire\n")
        for n in range(lignes):
            mois, territoire = divmod(n, nb_territoires)
            annee, m = 1900 + mois // 12, mois % 12 + 1
            sortie.write(f"{CODE},PTSM-BANC-{territoire},{annee}-{m:02d},{n % 9973}.5,SNDS,\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lignes", type=int, default=100_000)
    parser.add_argument("--territoires", type=int, default=1000)
    args = parser.parse_args()
    admin = preparer(args.territoires)
    with tempfile.TemporaryDirectory() as dossier:
        chemin = Path(dossier) / "valeurs.csv"
        generer(chemin, args.lignes, args.territoires)
        taille = chemin.stat().st_size
        print(f"machine : {os.cpu_count()} cœurs ; base : {django.db.connection.vendor}")
        print(f"fichier : {args.lignes} lignes, {taille / 1e6:.1f} Mo")
        for passe in ("première (création)", "seconde (inchangé)"):
            debut = time.perf_counter()
            resultat = importer_valeurs(admin, chemin)
            duree = time.perf_counter() - debut
            assert not resultat.refuse, resultat.lignes_texte()
            print(
                f"{passe} : {duree:.1f} s, {args.lignes / duree:,.0f} lignes/s, "
                f"compteurs {resultat.rapport.compteurs}"
            )
    pic = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"mémoire résidente maximale : {pic:.0f} Mo")


if __name__ == "__main__":
    main()
