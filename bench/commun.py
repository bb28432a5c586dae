"""What every benchmark prints about the machine, and the PostgreSQL bench databases."""

import os
import subprocess
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
JALON = str(RACINE / ".venv" / "bin" / "jalon")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def machine() -> str:
    with open("/proc/meminfo") as infos:
        memoire = next((ligne.split()[1] for ligne in infos if ligne.startswith("MemTotal")), "0")
    charge = os.getloadavg()
    return (
        f"machine : {os.cpu_count()} cœurs, {int(memoire) / 1024 / 1024:.0f} Gio de mémoire ; "
        f"charge moyenne {charge[0]:.1f} / {charge[1]:.1f} / {charge[2]:.1f} (1/5/15 min) — "
        "au-delà du nombre de cœurs, d'autres processus partagent la machine et les temps "
        "absolus sont gonflés ; les rapports mesurés dans le même passage le sont moins."
    )


def jalon(*args, base: str, env=None, **kwargs) -> subprocess.CompletedProcess:
    environnement = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{base}",
        "JALON_ENV": "dev",
        "JALON_IMPORT_MAX_BYTES": str(2 * 1024**3),
        **(env or {}),
    }
    return subprocess.run(
        [JALON, *args], env=environnement, check=True, capture_output=True, text=True, **kwargs
    )


def base_neuve(base: str) -> None:
    hote = PG.rsplit("/", 1)[-1]
    utilisateur, adresse = hote.split("@")
    ip, port = adresse.split(":")
    options = ["-h", ip, "-p", port, "-U", utilisateur.split("//")[-1]]
    subprocess.run(["dropdb", *options, "--if-exists", base], check=True)
    subprocess.run(["createdb", *options, base], check=True)
