"""`jalon serve`: the production HTTP server (gunicorn), static files served by whitenoise."""

import os
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Sert Jalon avec gunicorn (serveur de production) ; fichiers statiques par whitenoise."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Adresse d'écoute.")
        parser.add_argument("--port", type=int, default=8000, help="Port d'écoute.")
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("JALON_WORKERS", "0")) or None,
            help="Processus de travail (par défaut : 2 × cœurs + 1, au plus 8).",
        )
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args, host, port, workers, threads, **options):
        if not 0 < port < 65536:
            raise CommandError(f"--port {port} : un port entre 1 et 65535 est attendu.")
        workers = workers or min(2 * (os.cpu_count() or 1) + 1, 8)
        from gunicorn.app.wsgiapp import run

        self.stdout.write(f"Jalon écoute sur http://{host}:{port}/ ({workers} processus)")
        sys.argv = [
            "gunicorn",
            "jalon.wsgi:application",
            f"--bind={host}:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--worker-class=gthread",
            "--access-logfile=-",
            "--timeout=120",
        ]
        run()
