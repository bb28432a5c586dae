"""`jalon bilan national|regional|synthese --annee N --format docx|pdf|html -o FICHIER`, or
`… --publier [--note TEXTE]` to publish it (DOCX, PDF and HTML frozen; the rights of
`jalon.rapports.publication.verifier_publication` apply, as on the pages)."""

import logging
import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from jalon.journal.models import EntreeJournal
from jalon.rapports.avancement import dans_la_bande
from jalon.rapports.models import Format, Genre
from jalon.rapports.publication import publier as publier_bilan
from jalon.rapports.rendu import rendre
from jalon.rapports.services import document_pour, region_par_code, version_par_code


class Command(BaseCommand):
    help = (
        "Produit un bilan en DOCX, PDF ou HTML : le bilan national de l'année, le bilan d'une "
        "région ou la synthèse des chiffres clés. Les droits du compte --utilisateur "
        "s'appliquent."
    )

    def add_arguments(self, parser):
        parser.add_argument("genre", choices=Genre.values, help="national, regional ou synthese")
        parser.add_argument("--annee", required=True, type=int, help="Année du bilan (2023).")
        parser.add_argument("--format", choices=Format.values, help="Sans --publier.")
        parser.add_argument("-o", "--sortie", help="Fichier à écrire (sans --publier).")
        parser.add_argument(
            "--publier",
            action="store_true",
            help="Publie le bilan : DOCX, PDF et HTML figés (empreinte, date, auteur), visibles "
            "sur le portail public. Un bilan régional doit être validé.",
        )
        parser.add_argument("--note", default="", help="Note de publication (avec --publier).")
        parser.add_argument(
            "--utilisateur", required=True, help="Compte au nom duquel produire le bilan."
        )
        parser.add_argument("--region", help="Région du bilan régional (REG-32).")
        parser.add_argument(
            "--version-fdr",
            dest="version_fdr",
            default="",
            help="Version de la feuille de route (code ; la version courante par défaut).",
        )

    def handle(
        self,
        *args,
        genre,
        annee,
        format,
        sortie,
        utilisateur,
        region,
        version_fdr,
        publier,
        note,
        **kw,
    ):
        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        logging.getLogger("fontTools").setLevel(logging.WARNING)
        if not publier and not (format and sortie):
            raise CommandError("--format et -o sont obligatoires (sauf avec --publier).")
        acteur = get_user_model().objects.filter(username=utilisateur).first()
        if acteur is None or not acteur.is_active:
            raise CommandError(f"Utilisateur « {utilisateur} » introuvable ou inactif.")
        try:
            territoire = None
            if genre == Genre.REGIONAL:
                if not region:
                    raise CommandError("--region est obligatoire pour un bilan régional.")
                territoire = region_par_code(region)
            version = version_par_code(version_fdr) if genre == Genre.NATIONAL else None
            debut = time.monotonic()
            if publier:
                publication = publier_bilan(
                    acteur,
                    genre,
                    annee,
                    canal=EntreeJournal.Canal.COMMANDE,
                    region=territoire,
                    version=version,
                    note=note,
                    progres=self._progres,
                )
                self._publiee(publication, time.monotonic() - debut)
                return
            document = document_pour(
                acteur, genre, annee, region=territoire, version=version, progres=self._progres
            )
            contenu = rendre(document, format, dans_la_bande(self._progres, 85, 99))
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        Path(sortie).write_bytes(contenu)
        duree = time.monotonic() - debut
        if sys.stderr.isatty():
            self.stderr.write("")
        self.stdout.write(
            f"{sortie} : {len(contenu):,} octets en {duree:.1f} s.".replace(",", "\u202f")
        )

    def _publiee(self, publication, duree):
        if sys.stderr.isatty():
            self.stderr.write("")
        self.stdout.write(f"{publication} publiée en {duree:.1f} s :")
        for fichier in publication.fichiers.all():
            self.stdout.write(f"  {fichier.chemin} sha256={fichier.sha256}")

    def _progres(self, etape, pourcentage):
        if sys.stderr.isatty():
            self.stderr.write(f"\r{pourcentage:3d} % {etape[:60]:<60}", ending="")
            self.stderr.flush()
