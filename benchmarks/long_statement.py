"""A long statement with many notes, made from the example workspace: its sources, evidence and
seed texts (evidence/snapshots/), and a new dossier whose statement is the seeds' sentences,
shuffled with a fixed seed, in paragraphs and sections, each `every`-th sentence citing a
source of the bibliography at a page of its own. Used by benchmarks/loop.py (40 pages, 200
notes) and by tests/render/test_long_statement.py (a smaller one: every note on its call's page).

    .venv/bin/python benchmarks/long_statement.py FOLDER [--words N] [--notes N]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NAME = "long-statement"
_TEMPLATE_DOSSIER = "sp-executions-july-2025"  # a venue without a word limit
_KEY = re.compile(r"^@\w+\{([^,]+),", re.MULTILINE)
# Sentences with what the checks read as claims about a source (quotations, figures) are
# left out, so that a sentence moved away from its source is not a misquotation; Markdown's
# marks are taken out.
_CLAIMS = re.compile(r"[“”\"«»0-9]")
_MARKDOWN = re.compile(r"[\[\]()*_#`<>@\\|]")


def seed_sentences() -> list[str]:
    """The sentences of the seed texts, of a reasonable length, that quote nothing and give
    no figure, without Markdown's marks."""
    sentences = []
    for snapshot in sorted((REPO / "evidence" / "snapshots").glob("*.txt")):
        text = " ".join(snapshot.read_text(encoding="utf-8").split())
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text):
            cleaned = " ".join(_MARKDOWN.sub("", sentence).split()).strip(" ,;:-")
            if (
                _CLAIMS.search(cleaned) is None
                and 8 <= len(cleaned.split()) <= 45
                and cleaned[-1] == "."
            ):
                sentences.append(cleaned)
    return sentences


def statement(words: int, notes: int, keys: list[str]) -> str:
    """About `words` words of the seeds' sentences, with `notes` citations spread evenly."""
    pool = seed_sentences()
    chosen: list[str] = []
    rng = random.Random(17)
    while sum(len(s.split()) for s in chosen) < words:
        chosen.append(rng.choice(pool))
    every = max(1, len(chosen) // notes)
    out, paragraph, cited = [], [], 0
    for number, sentence in enumerate(chosen, 1):
        if number % every == 0 and cited < notes:
            key = keys[cited % len(keys)]
            sentence = f"{sentence[:-1]} [@{key}, p. {cited + 1}]."
            cited += 1
        paragraph.append(sentence)
        if len(paragraph) == 5:
            out.append(" ".join(paragraph))
            paragraph = []
            if len(out) % 8 == 1:
                out[-1] = f"# Part {len(out) // 8 + 1}\n\n{out[-1]}"
    if paragraph:
        out.append(" ".join(paragraph))
    assert cited == notes, f"{cited} of {notes} notes: ask for more words"
    return "\n\n".join(out) + "\n"


def bibliography_keys(root: Path) -> list[str]:
    """The keys of the entries in `root`'s bibliography.bib, in the order written."""
    return _KEY.findall((root / "bibliography.bib").read_text(encoding="utf-8"))


def write_workspace(root: Path, words: int = 18_000, notes: int = 200) -> Path:
    """The example workspace in `root`, plus dossiers/long-statement/."""
    for name in ("bibliography.bib", "evidence", "dossiers"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    keys = bibliography_keys(root)
    folder = root / "dossiers" / NAME
    shutil.copytree(root / "dossiers" / _TEMPLATE_DOSSIER, folder)
    config = (folder / "dossier.yaml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^title: .*$", "title: A long statement made from the seed texts", config)
    (folder / "dossier.yaml").write_text(config, encoding="utf-8")
    (folder / "statement.md").write_text(statement(words, notes, keys), encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--words", type=int, default=18_000)
    parser.add_argument("--notes", type=int, default=200)
    options = parser.parse_args()
    options.folder.mkdir(parents=True, exist_ok=True)
    write_workspace(options.folder, options.words, options.notes)


if __name__ == "__main__":
    main()
