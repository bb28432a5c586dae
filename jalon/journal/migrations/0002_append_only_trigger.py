"""PostgreSQL trigger refusing UPDATE and DELETE on the audit trail.

Hand-written on purpose: this is schema (a trigger), which makemigrations cannot express. It
runs through RunPython so that the SQL executes only on PostgreSQL; on SQLite the model and
its QuerySet refuse changes instead.

One UPDATE stays allowed: setting `utilisateur_id` to NULL and nothing else, which is what
Django's on_delete=SET_NULL does when an account is deleted (its name stays in
`utilisateur_nom`). TRUNCATE is not blocked: no Jalon code path truncates, and Django's
`flush` (used by tests and by nothing in production) needs it.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION journal_entreejournal_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.utilisateur_id IS NOT NULL AND NEW.utilisateur_id IS NULL
       AND (to_jsonb(NEW) - 'utilisateur_id') = (to_jsonb(OLD) - 'utilisateur_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Le journal d''audit ne se modifie pas et ne se supprime pas (%).', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS journal_entreejournal_append_only ON journal_entreejournal;
CREATE TRIGGER journal_entreejournal_append_only
    BEFORE UPDATE OR DELETE ON journal_entreejournal
    FOR EACH ROW EXECUTE FUNCTION journal_entreejournal_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS journal_entreejournal_append_only ON journal_entreejournal;
DROP FUNCTION IF EXISTS journal_entreejournal_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP)),
    ]
