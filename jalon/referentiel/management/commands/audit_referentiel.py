"""`jalon audit-referentiel [--version 2023] [--format texte|json]`."""

import json

from django.core.management.base import BaseCommand, CommandError

from jalon.referentiel.audit import auditer_referentiel, texte_audit
from jalon.referentiel.importation import version_fdr


class Command(BaseCommand):
    help = "Liste les anomalies d'une version du référentiel national, groupées par nature."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Here --version names the roadmap version, replacing Django's --version flag.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--version", dest="version_code", default="2023")
        parser.add_argument(
            "--format", dest="format_sortie", choices=["texte", "json"], default="texte"
        )

    def handle(self, *args, version_code, format_sortie=None, **options):
        version = version_fdr(version_code)
        if version.pk is None:
            raise CommandError(
                f"La version {version_code} de la feuille de route n'existe pas encore : "
                "importez d'abord son annexe (jalon import-referentiel)."
            )
        anomalies = auditer_referentiel(version)
        if format_sortie == "json":
            donnees = {
                "version": version.code,
                "anomalies": [anomalie.as_dict() for anomalie in anomalies],
            }
            self.stdout.write(json.dumps(donnees, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(texte_audit(version, anomalies)))
