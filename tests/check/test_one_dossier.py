"""`dossier check NAME` checks NAME only, but reads what every other statement cites: an entry
another dossier cites is not unused. The other dossiers are compiled (a build reads the same
files, and lists the same inputs, whichever dossiers it is asked for) but their sentences are
not checked, since their problems are not reported."""

from __future__ import annotations

import re

from conftest import DOSSIER, STATEMENT, files, run_cli

OTHER = "dossiers/other/"
# Cites amnesty-2018 itself, and an evidence id that does not exist.
OTHER_STATEMENT = "Amnesty asked for an inquiry [@amnesty-2018]. It was ignored [@nowhere].\n"


def workspace(make_workspace, other_dossier: str = DOSSIER):  # type: ignore[no-untyped-def]
    only_killings = STATEMENT.replace(
        "Amnesty called for an inquiry.[@amnesty-2018, p. 12]", "Nobody answered for them."
    )
    return make_workspace(
        files(
            {
                "dossiers/test/statement.md": only_killings,
                OTHER + "dossier.yaml": other_dossier,
                OTHER + "statement.md": OTHER_STATEMENT,
            }
        )
    )


def codes(err: str) -> list[str]:
    return re.findall(r"^(\S+): \w+\[(D\d+)\]", err, re.M)


def test_an_entry_another_statement_cites_is_not_unused_and_its_problems_are_its_own(
    make_workspace,
):
    root = workspace(make_workspace)
    everything = run_cli("check", cwd=root)
    assert ("dossiers/other/statement.md:1:62", "D301") in codes(everything.err)
    one = run_cli("check", "test", cwd=root)
    assert codes(one.err) == []
    assert one.err.endswith("no problems found\n")
    # The control: with the other statement citing nothing, the entry is unused.
    (root / OTHER / "statement.md").write_text("No citation here.\n")
    assert ("bibliography.bib:9:1", "D501") in codes(run_cli("check", "test", cwd=root).err)


def test_another_dossier_that_does_not_compile_hides_nothing_of_this_one(make_workspace):
    """Its problem is its own; what it cites is not known, so no entry is called unused."""
    root = workspace(make_workspace, DOSSIER.replace("hrc-written-statement", "no-such-venue"))
    assert ("dossiers/other/dossier.yaml:1:10", "D401") in codes(run_cli("check", cwd=root).err)
    (root / OTHER / "statement.md").write_text("No citation here.\n")
    assert codes(run_cli("check", "test", cwd=root).err) == []
    (root / "dossiers/test/statement.md").write_text("Killed [@nowhere].\n")
    assert codes(run_cli("check", "test", cwd=root).err) == [
        ("dossiers/test/statement.md:1:8", "D301")
    ]


def test_checking_one_example_finds_what_checking_them_all_finds_in_it(examples):
    everything = codes(run_cli("check", cwd=examples).err)
    for folder in sorted((examples / "dossiers").iterdir()):
        name = folder.name
        mine = [(where, code) for where, code in everything if f"dossiers/{name}/" in where]
        assert mine, name  # each example has problems of its own (unstated facts at least)
        theirs = [p for p in everything if f"dossiers/{name}/" in p[0] or "dossiers/" not in p[0]]
        assert codes(run_cli("check", name, cwd=examples).err) == theirs, name
