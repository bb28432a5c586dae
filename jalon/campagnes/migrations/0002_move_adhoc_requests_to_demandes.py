# The unused ad-hoc request skeleton moves to its own app, jalon.demandes (no data: nothing
# ever wrote to these tables). Models are dropped whole, children first: removing fields one
# by one would make SQLite rebuild a table whose unique constraint names a removed field.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("campagnes", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="Reponse"),
        migrations.DeleteModel(name="Question"),
        migrations.DeleteModel(name="DemandePonctuelle"),
    ]
