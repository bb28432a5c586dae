import shutil

import pytest

from jalon.territoires.services import DATA_DIR, load_territoires


@pytest.fixture
def loaded(db):
    """The shipped territories and populations, loaded once for the test."""
    return load_territoires()


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the shipped CSV files, for tests that alter them."""
    for name in ("territoires.csv", "populations.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def replace_line(path, prefix, new_line):
    """Replace the single line of `path` starting with `prefix`; return its 1-based number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    matches = [i for i, line in enumerate(lines) if line.startswith(prefix)]
    assert len(matches) == 1, f"{prefix!r} devrait apparaître une fois dans {path.name}"
    lines[matches[0]] = new_line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return matches[0] + 1
