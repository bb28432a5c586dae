"""Fill the rollups of a database that already holds values (later writes keep them)."""

from django.db import migrations


def remplir(apps, schema_editor):
    if not apps.get_model("saisies", "Valeur").objects.exists():
        return
    # The current code, on purpose: the rollups must follow today's rules.
    from jalon.agregats.reconstruction import reconstruire

    reconstruire()


class Migration(migrations.Migration):
    dependencies = [
        ("agregats", "0001_initial"),
        ("saisies", "0001_initial"),
    ]

    operations = [migrations.RunPython(remplir, migrations.RunPython.noop)]
