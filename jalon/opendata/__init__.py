"""Open data: published files in long format, each with its Table Schema.

`jeux` declares every dataset once — its Table Schema (built in Python, published as JSON
beside the file) and the rows it reads; `ecriture` writes them as CSV, xlsx or JSON, text
cells neutralised against formula injection. Used by ``jalon export`` and by the downloads of
the public portal (validated values only there).
"""
