"""Read models of the dashboards and of the public portal (no writes here).

- `indicateurs`: one indicator's page — series of all periods, comparison across regions or
  departments (raw and per 100 000 inhabitants), map; every chart with its table.
- `alertes`: the national dashboard's alerts (missing campaign values, unfavourable trend,
  region far from the national median, stale data).
- `national`: the national dashboard; `region`: one region's page (the campaign's
  completeness comes from `jalon.campagnes.completude`, counted in SQL).

Aggregates come from `jalon.agregats` only (rollups or one grouped query: no page reads
values indicator by indicator, nor in proportion to the number of values); each function
takes ``validees_seulement`` (True on the public portal: validated values only).
"""
