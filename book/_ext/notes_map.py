"""Sphinx extension: the equation map page (``book/notes_map.md``), rendered from its data.

``book/notes_map.yml`` holds one row per numbered equation of notes 000 and 001, per displayed
result of notes 002 and 004 and per boxed result of notes 003: a short form, where the book derives
or uses it, what verifies it, and a status. ``tests/test_notes_map.py`` checks the data (no number
skipped, every link target and every test exists); this extension appends one table per set of
notes, and a count of statuses, to the page as it is read, so the page cannot drift from the data.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

PAGE = "book/notes_map"
DATA = "book/notes_map.yml"
NOTES = ["000", "001", "002", "003", "004"]
STATUS = {
    "reproduced": "reproduced",
    "corrected": "corrected → erratum",
    "notation": "notation only",
    "missing": "missing from the book",
}
CAPTION = {
    "000": "Notes 000 {cite}`notes000`: equations 1–61",
    "001": "Notes 001 {cite}`notes001`: equations 1–63",
    "002": "Notes 002 {cite}`notes002`: displayed results D1–D15, in order of appearance",
    "003": "Notes 003 {cite}`notes003`: the 14 boxed results B1–B14, in order of appearance",
    "004": "Notes 004 {cite}`notes004`: displayed results R1–R20, in order of appearance",
}


def load(srcdir: Path) -> list[dict]:
    return yaml.safe_load((srcdir / DATA).read_text(encoding="utf-8"))


def link(target: str) -> str:
    kind, _, rest = target.partition(":")
    if kind == "eq":
        return f"{{eq}}`{rest}`"
    if kind == "ref":
        return f"{{ref}}`erratum <{rest}>`"
    if kind == "doc":
        return f"{{doc}}`{rest}`"
    if kind in ("sec", "cell"):
        doc, _, section = rest.partition("#")
        label = f"§ {section}" if section[:1].isdigit() else section
        return f"{{doc}}`{'cell in ' if kind == 'cell' else ''}{label} <{doc}>`"
    if "::" in target:
        return f"`{target.removeprefix('tests/')}`"
    raise ValueError(f"unknown link {target!r} in {DATA}")


def table(rows: list[dict]) -> list[str]:
    out = [
        "| eq. | short form | in the book | verified by | status |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        where = ", ".join(link(t) for t in row["book"]) or "—"
        check = "<br>".join(link(t) for t in row["check"]) or "—"
        status = STATUS[row["status"]]
        if row.get("remark"):
            status += f" — {row['remark']}"
        out.append(
            f"| {row['eq']} | {row['form']} | {where} | {check} | {status} |"
        )
    return out


def render(rows: list[dict]) -> list[str]:
    counts = Counter((r["note"], r["status"]) for r in rows)
    lines = [
        "",
        "## How many",
        "",
        "| notes | rows | " + " | ".join(STATUS.values()) + " |",
    ]
    lines.append("|---|---:|" + "---:|" * len(STATUS))
    for note in NOTES:
        total = sum(counts[note, s] for s in STATUS)
        lines.append(
            f"| {note} | {total} | "
            + " | ".join(str(counts[note, s]) for s in STATUS)
            + " |"
        )
    lines.append(
        f"| **all** | **{len(rows)}** | "
        + " | ".join(f"**{sum(counts[n, s] for n in NOTES)}**" for s in STATUS)
        + " |"
    )
    for note in NOTES:
        title, _, what = CAPTION[note].partition(": ")
        lines += [
            "",
            f"## {title.split(' {')[0]}: {what}",
            "",
            f"Source: {{cite}}`notes{note}`.",
            "",
        ]
        lines += table([r for r in rows if r["note"] == note])
    return [*lines, ""]


def append_map(app, docname: str, source: list[str]) -> None:
    if docname == PAGE:
        source[0] += "\n".join(render(load(Path(app.srcdir))))


def always_outdated(app, env, added, changed, removed) -> list[str]:
    return [PAGE] if PAGE in env.found_docs else []


def setup(app):
    app.connect("source-read", append_map)
    app.connect("env-get-outdated", always_outdated)
    return {
        "version": "1.0",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
