"""Bulk import of indicator values (long format, CSV or xlsx): see `service.importer_valeurs`."""

from jalon.imports.valeurs.service import ResultatImport, importer_valeurs

__all__ = ["ResultatImport", "importer_valeurs"]
