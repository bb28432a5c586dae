"""The `jalon` console script: Django's manage.py under the project's name.

`jalon serve`, `jalon import-referentiel`… are management commands; dashes in the command
name are accepted and mapped to the underscores Django uses for module names.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
