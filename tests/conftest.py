import os

# `make test` sets JALON_ENV=test; running pytest directly must behave the same.
os.environ.setdefault("JALON_ENV", "test")
