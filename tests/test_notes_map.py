"""The equation map (book/notes_map.yml) accounts for every equation, and its links hold.

No equation number is skipped in any set of notes; every link target (an equation label, a
section heading of a chapter, an erratum label, a page) exists; every named test is defined in
its file; every status is one of the four the page explains.
"""

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
ROWS = yaml.safe_load((BOOK / "notes_map.yml").read_text(encoding="utf-8"))
STATUSES = {"reproduced", "corrected", "notation", "missing"}
EXPECTED = {
    "000": [str(k) for k in range(1, 62)],
    "001": [str(k) for k in range(1, 64)],
    "002": [f"D{k}" for k in range(1, 16)],
    "003": [f"B{k}" for k in range(1, 15)],
    "004": [f"R{k}" for k in range(1, 21)],
}


def page_text(stem: str) -> str:
    """Markdown of a page, or of a notebook's markdown cells, or "" if there is neither."""
    md, nb = BOOK / f"{stem}.md", BOOK / f"{stem}.ipynb"
    if md.exists():
        return md.read_text(encoding="utf-8")
    if nb.exists():
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return ""


def all_pages() -> dict[str, str]:
    stems = {p.stem for p in BOOK.glob("*.md")} | {p.stem for p in BOOK.glob("*.ipynb")}
    return {stem: page_text(stem) for stem in stems}


PAGES = all_pages()
EQ_LABELS = {m for text in PAGES.values() for m in re.findall(r"\$\$\s*\(([\w-]+)\)", text)}
LABELS = {m for text in PAGES.values() for m in re.findall(r"^\(([\w-]+)\)=\s*$", text, re.M)}


def sections_with_code(stem: str) -> dict[str, bool]:
    """Each '## ' heading of a chapter notebook -> whether a code cell follows before the next."""
    cells = json.loads((BOOK / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]
    found, current = {}, None
    for cell in cells:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("## "):
                    current = line[3:].strip()
                    found[current] = False
        elif current is not None:
            found[current] = True
    return found


def find_section(stem: str, section: str):
    """The heading of ``stem`` that is ``section`` or starts with ``section + ' '``."""
    for heading, has_code in sections_with_code(stem).items():
        if heading == section or heading.startswith(section + " "):
            return heading, has_code
    return None, False


def defined_tests(path: Path) -> set[str]:
    return set(re.findall(r"^def (test_\w+)\(", path.read_text(encoding="utf-8"), re.M))


def test_no_equation_skipped_or_repeated():
    for note, expected in EXPECTED.items():
        assert [r["eq"] for r in ROWS if r["note"] == note] == expected, note
    assert {r["note"] for r in ROWS} == set(EXPECTED)


def test_every_row_is_complete_and_its_status_known():
    for row in ROWS:
        where = f"notes {row['note']} eq. {row['eq']}"
        assert row["status"] in STATUSES, where
        assert row["form"].strip(), where
        assert isinstance(row["book"], list) and isinstance(row["check"], list), where
        if row["status"] == "missing":
            assert row.get("remark"), f"{where}: say what is missing"
        elif row["status"] in ("reproduced", "corrected"):
            assert row["book"], f"{where}: a {row['status']} equation needs a link"
        if row["status"] == "corrected":
            assert any(t.startswith("ref:erratum-") for t in row["book"]), f"{where}: link it"


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['note']}-{r['eq']}")
def test_every_link_target_exists(row):
    for target in row["book"]:
        kind, _, rest = target.partition(":")
        if kind == "eq":
            assert rest in EQ_LABELS, f"no equation labelled {rest!r}"
        elif kind == "ref":
            assert rest in LABELS, f"no label ({rest})= in book/"
        elif kind == "doc":
            assert PAGES.get(rest), f"no page book/{rest}"
        elif kind == "sec":
            doc, _, section = rest.partition("#")
            assert find_section(doc, section)[0], f"no section {section!r} in {doc}"
        else:
            raise AssertionError(f"unknown link kind {target!r}")


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['note']}-{r['eq']}")
def test_every_check_exists(row):
    for check in row["check"]:
        if check.startswith("cell:"):
            doc, _, section = check[5:].partition("#")
            heading, has_code = find_section(doc, section)
            assert heading and has_code, f"no code cell under {section!r} in {doc}"
        else:
            path, _, name = check.partition("::")
            assert (ROOT / path).exists(), f"no {path}"
            assert name in defined_tests(ROOT / path), f"no test {name} in {path}"


def test_the_page_and_extension_are_wired():
    assert "book/notes_map" in (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert "notes_map: book/_ext" in (ROOT / "_config.yml").read_text(encoding="utf-8")
