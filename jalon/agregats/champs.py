"""`SommeExacte`: a decimal sum stored without loss on both databases.

PostgreSQL keeps ``numeric(38, 6)`` exactly. SQLite has no decimal type: a Django
DecimalField lands in a NUMERIC column, which keeps 15 significant digits, so sums of many
values would drift. The field therefore stores the decimal's text on SQLite (arithmetic is
done in Python there, see `jalon.agregats.maj`) and the number on PostgreSQL (arithmetic in
SQL).
"""

from decimal import Decimal

from django.db import models


class SommeExacte(models.Field):
    description = "Somme décimale exacte (38 chiffres dont 6 décimales)"

    def db_type(self, connection):
        return "numeric(38, 6)" if connection.vendor == "postgresql" else "text"

    def get_internal_type(self):
        return "SommeExacte"

    def from_db_value(self, value, expression, connection):
        return None if value is None else Decimal(value)

    def to_python(self, value):
        return None if value is None else Decimal(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        value = Decimal(value)
        return value if connection.vendor == "postgresql" else format(value, "f")

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return None if value is None else format(value, "f")
