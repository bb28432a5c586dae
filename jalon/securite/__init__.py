"""Cross-cutting hardening: request size limit, French error views."""
