"""`jalon load-referentiel`: the national referential shipped with Jalon (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from jalon.referentiel.chargement import ChargementRefuse, charger_referentiel_national


def _resume(compteurs: dict) -> str:
    changes = {cle: n for cle, n in compteurs.items() if n}
    if not changes:
        return "aucun changement"
    return ", ".join(f"{cle.replace('_', ' ')} : {n}" for cle, n in changes.items())


class Command(BaseCommand):
    help = (
        "Charge le référentiel national livré avec Jalon : annexe de l'instruction 2023/179, "
        "compléments du bilan 2023 (intitulés, correspondances, stratégies) et versions."
    )

    def handle(self, *args, **options):
        try:
            resultat = charger_referentiel_national()
        except ChargementRefuse as exc:
            raise CommandError(f"Référentiel livré refusé :\n{exc}") from exc
        rapport = resultat["import"]
        # The first line sums the file up; the detailed diff is for import-referentiel.
        self.stdout.write(rapport.lignes_texte()[0])
        for section, compte in rapport.diff.compteurs().items():
            if any(compte.values()):
                self.stdout.write(
                    f"  {section} : {compte['ajouts']} ajout(s), "
                    f"{compte['modifications']} modification(s), "
                    f"{compte['suppressions']} retrait(s)"
                )
        if rapport.diff.est_vide:
            self.stdout.write("  Annexe : aucun changement.")
        self.stdout.write(f"Compléments : {_resume(resultat['complements'])}.")
        self.stdout.write(f"Autres versions : {_resume(resultat['versions'])}.")
