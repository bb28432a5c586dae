import io
import zipfile

import pytest

from jalon.imports.erreurs import FichierRefuse
from jalon.imports.lecteurs import lire_lignes


def test_tsv_keeps_quotes_and_numbers_lines():
    contenu = 'avant\nID\tActions FDR\n1\t5 - "Ecout\'émoi"\n'.encode()
    lignes = lire_lignes("a.tsv", contenu)
    assert [ligne.numero for ligne in lignes] == [1, 2, 3]
    assert lignes[2].cellules == ["1", '5 - "Ecout\'émoi"']


@pytest.mark.parametrize("separateur", [";", ",", "\t"])
def test_csv_separator_is_sniffed(separateur):
    ligne = separateur.join(["ID", "Actions FDR", "DAC", "I", "Code", "F", "S", "M", "MAJ"])
    donnees = separateur.join(["1", '"1 - a, b; c"', "DGS", "i", "A01INDM01", "f", "s", "m", "x"])
    lignes = lire_lignes("a.csv", f"{ligne}\n{donnees}\n".encode())
    assert len(lignes[0].cellules) == 9
    assert lignes[1].cellules[1] == "1 - a, b; c"


def test_csv_cp1252_is_decoded():
    contenu = "ID;Actions FDR;DAC;I;Code;F;S;Maille;MAJ\n1;1 - é;DGS;i;c;f;s;Régionale;x\n"
    lignes = lire_lignes("a.csv", contenu.encode("cp1252"))
    assert lignes[1].cellules[7] == "Régionale"


@pytest.mark.parametrize(
    ("nom", "contenu", "attendu"),
    [
        ("a.xlsm", b"PK", "macros"),
        ("a.pdf", b"%PDF", "extension « .pdf » non acceptée"),
        ("a.tsv", b"", "le fichier est vide"),
        ("a.tsv", b"\n\t\t\n", "aucune donnée"),
        ("a.xlsx", b"pas un zip", "pas un classeur .xlsx valide"),
    ],
)
def test_refused_files(nom, contenu, attendu):
    with pytest.raises(FichierRefuse) as exc:
        lire_lignes(nom, contenu)
    assert attendu in str(exc.value)
    assert str(exc.value).startswith(nom)


def test_workbook_with_macros_is_refused_even_if_named_xlsx():
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        archive.writestr("xl/vbaProject.bin", b"\0")
    with pytest.raises(FichierRefuse, match="macros"):
        lire_lignes("a.xlsx", tampon.getvalue())


def test_too_big_file_is_refused(settings):
    settings.JALON_IMPORT_MAX_BYTES = 10
    with pytest.raises(FichierRefuse, match="au-delà de la limite de 10 octets"):
        lire_lignes("a.tsv", b"ID\tCode\n1\tA01INDM01\n")


def _classeur_gonfle(taille: int) -> bytes:
    """A zip whose one member inflates to `taille` bytes from a few kilobytes."""
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * taille)
    return tampon.getvalue()


def test_zip_bomb_is_refused_before_any_reader_opens_it(settings, tmp_path):
    from jalon.imports.lecteurs import FluxLignes

    settings.JALON_IMPORT_MAX_BYTES = 100_000  # inflated limit: 2 000 000 bytes
    contenu = _classeur_gonfle(3_000_000)
    assert len(contenu) < 100_000

    with pytest.raises(FichierRefuse, match="décompressé dépasserait"):
        lire_lignes("bombe.xlsx", contenu)
    chemin = tmp_path / "bombe.xlsx"
    chemin.write_bytes(contenu)
    with (
        pytest.raises(FichierRefuse, match="décompressé dépasserait"),
        FluxLignes("bombe.xlsx", chemin) as lecteur,
    ):
        list(lecteur)
