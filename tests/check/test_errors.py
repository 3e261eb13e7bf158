"""Each mistake a writer makes, through the real CLI: exit 1, the exact message at the exact
place, and a hint. One row per mistake."""

from __future__ import annotations

import pytest

from conftest import BIB, DOSSIER, EVIDENCE, SNAPSHOT_SHA256, STATEMENT, files, run_cli

EV = "evidence/claims.yaml"
DY = "dossiers/test/dossier.yaml"
ST = "dossiers/test/statement.md"
BB = "bibliography.bib"

CASES = [
    (
        "yaml syntax",
        {EV: "- id: a\n  claim: [unclosed\n"},
        "evidence/claims.yaml:2:10: error[D102]: YAML syntax error: the `[` opened here is "
        "never closed\n"
        "  hint: close it with `]`; if it is part of the text, put the whole value in quotes",
    ),
    (
        "tab indentation",
        {EV: "- id: a\n\tclaim: x\n"},
        "evidence/claims.yaml:2:1: error[D102]: YAML syntax error: while scanning a plain "
        "scalar found a tab character that violates indentation",
    ),
    (
        "duplicate key",
        {EV: EVIDENCE.replace("  claim:", "  claim: one\n  claim:")},
        "evidence/claims.yaml:3:3: error[D103]: duplicate key `claim` (first at line 2)",
    ),
    (
        "unknown field with hint",
        {EV: EVIDENCE.replace("  claim:", "  reliabilty: B2\n  claim:")},
        "evidence/claims.yaml:2:3: error[D104]: unknown field `reliabilty`\n"
        "  hint: did you mean `reliability`?",
    ),
    (
        "unknown nested field",
        {EV: EVIDENCE.replace("      locator:", "      loc: x\n      locator:")},
        "evidence/claims.yaml:5:7: error[D104]: unknown field `loc`\n  hint: did you mean `locator`?",
    ),
    (
        "wrong type",
        {EV: EVIDENCE + "  confidential: perhaps\n"},
        "evidence/claims.yaml:7:17: error[D105]: `confidential` must be true or false, "
        "found 'perhaps'",
    ),
    (
        "missing claim",
        {EV: "- id: a\n  sources: [{cite: sr-2017}]\n"},
        "evidence/claims.yaml:1:3: error[D106]: missing required field `claim`",
    ),
    (
        "bad date",
        {EV: EVIDENCE + "  date: 2017\n"},
        "evidence/claims.yaml:7:9: error[D105]: `date` must be a date written YYYY-MM-DD, found 2017",
    ),
    (
        "self-referencing alias",
        {EV: "&a [*a, *a]\n"},
        "evidence/claims.yaml:1:1: error[D102]: an alias refers to the value that contains it",
    ),
    (
        "python tag",
        {EV: EVIDENCE.replace("claim: Thousands", "claim: !!python/object:os.system Thousands")},
        "evidence/claims.yaml:2:10: error[D105]: unsupported YAML tag `!!python/object:os.system`",
    ),
    (
        "impossible date",
        {EV: EVIDENCE + "  date: 2025-13-45\n"},
        "evidence/claims.yaml:7:9: error[D105]: `date` must be a date written YYYY-MM-DD, found '2025-13-45'",
    ),
    (
        "list item that is not a mapping",
        {EV: "- plain\n"},
        "evidence/claims.yaml:1:3: error[D105]: `each item` must be a mapping (`key: value` lines), found 'plain'",
    ),
    (
        "no sources",
        {EV: "- id: lonely\n  claim: Something happened.\n"},
        "evidence/claims.yaml:1:3: error[D202]: evidence `lonely` has no sources",
    ),
    (
        "source cites missing key",
        {EV: EVIDENCE.replace("cite: sr-2017", "cite: sr-2071")},
        "evidence/claims.yaml:4:13: error[D203]: evidence `killings` cites `sr-2071`, which is "
        "not in bibliography.bib\n  hint: did you mean `sr-2017`?",
    ),
    (
        "duplicate evidence id",
        {"evidence/more.yaml": EVIDENCE},
        "evidence/more.yaml:1:3: error[D201]: duplicate evidence id `killings` "
        "(first at evidence/claims.yaml:1:3)",
    ),
    (
        "evidence id collides with bibliography key",
        {EV: EVIDENCE + EVIDENCE.replace("id: killings", "id: sr-2017")},
        "evidence/claims.yaml:7:3: error[D204]: `sr-2017` is both an evidence id and a "
        "bibliography key (bibliography.bib:1:1), so `[@sr-2017]` is ambiguous",
    ),
    (
        "unresolved citation",
        {ST: STATEMENT.replace("[@killings]", "[@killing]")},
        "dossiers/test/statement.md:3:23: error[D301]: `@killing` is neither an evidence id nor "
        "a bibliography key\n  hint: did you mean `killings`?",
    ),
    (
        "locator on an evidence citation",
        {ST: STATEMENT.replace("[@killings]", "[@killings, para. 4]")},
        "dossiers/test/statement.md:3:23: error[D302]: `killings` is an evidence item; its "
        "pinpoints come from its sources, so the locator `para. 4` here would be ambiguous",
    ),
    (
        "unclosed citation",
        {ST: "Thousands were killed [@killings.\n"},
        "dossiers/test/statement.md:1:23: error[D305]: a citation that is not closed: `[@killings.`",
    ),
    (
        "raw html",
        {ST: STATEMENT + "\nSee <script>alert(1)</script> here [@killings].\n"},
        "dossiers/test/statement.md:5:5: error[D303]: raw HTML `<script>` is shown as text, "
        "not rendered",
    ),
    (
        "unknown profile",
        {DY: DOSSIER.replace("profile: hrc-written-statement", "profile: hrc-writen-statement")},
        "dossiers/test/dossier.yaml:1:10: error[D401]: unknown profile `hrc-writen-statement`\n"
        "  hint: did you mean `hrc-written-statement`?",
    ),
    (
        "unknown dossier field",
        {DY: DOSSIER + "sesion: 61\n"},
        "dossiers/test/dossier.yaml:11:1: error[D104]: unknown field `sesion`\n"
        "  hint: did you mean `session`?",
    ),
    (
        "bad consultative status",
        {DY: DOSSIER.replace("status: special", "status: consultative")},
        "dossiers/test/dossier.yaml:9:13: error[D105]: `status` must be one of 'general', "
        "'special' or 'roster', found 'consultative'",
    ),
    (
        "venue requires the session",
        {DY: DOSSIER.replace("session: {number: 61, start: 2026-02-23, end: 2026-04-02}\n", "")},
        "dossiers/test/dossier.yaml:1:10: error[D402]: profile `hrc-written-statement` requires "
        "`session`",
    ),
    (
        "agenda item outside the venue's agenda",
        {DY: DOSSIER.replace("agenda_item: 4", "agenda_item: 12")},
        "dossiers/test/dossier.yaml:6:14: error[D105]: `agenda_item` 12 is not an agenda item "
        "of hrc-written-statement",
    ),
    (
        "unstated and given",
        {DY: DOSSIER + "unstated:\n  session: not known\n"},
        "dossiers/test/dossier.yaml:12:3: error[D404]: `session` is given and also listed "
        "under `unstated`",
    ),
    (
        "unknown unstated field",
        {DY: DOSSIER + "unstated:\n  colour: red\n"},
        "dossiers/test/dossier.yaml:12:3: error[D104]: unknown field `colour`\n"
        "  hint: no known field is close to `colour`",
    ),
    (
        "statement file missing",
        {ST: None},
        "dossiers/test/dossier.yaml:10:12: error[D101]: file not found: dossiers/test/statement.md",
    ),
    (
        "statement path leaves the dossier",
        {DY: DOSSIER.replace("statement: statement.md", "statement: ../../bibliography.bib")},
        "dossiers/test/dossier.yaml:10:12: error[D105]: `statement` must be a file inside "
        "dossiers/test/, found '../../bibliography.bib'",
    ),
    (
        "bibtex syntax",
        {BB: BIB + "@article{broken,\n  title = {Unclosed,\n"},
        "bibliography.bib:16:1: error[D107]: cannot parse this BibTeX entry: '@article{broken,'",
    ),
    (
        "duplicate bibliography key",
        {BB: BIB + BIB.split("@online")[0]},
        "bibliography.bib:16:1: error[D108]: duplicate bibliography key `sr-2017` "
        "(first at line 1)",
    ),
    (
        "undefined @string",
        {BB: BIB + "@book{b, title = {T}, publisher = nowhere}\n"},
        "bibliography.bib:16:35: error[D112]: `b` uses `nowhere`, which no @string defines: "
        "it is printed as written",
    ),
    (
        "malformed digest",
        {BB: BIB.replace(SNAPSHOT_SHA256, "abc")},
        "bibliography.bib:7:3: error[D109]: `sha256` of `sr-2017` is not 64 hexadecimal "
        "digits: 'abc'",
    ),
    (
        "invalid utf-8",
        {EV: None, "evidence/latin1.yaml": "PLACEHOLDER"},
        "evidence/latin1.yaml:1:10: error[D101]: evidence/latin1.yaml is not valid UTF-8 (byte 0xe9)",
    ),
    (
        "figure not in the snapshot of a source cited directly",
        {ST: STATEMENT + "\nIn 1989 it said so [@sr-2017, para. 109].\n"},
        "dossiers/test/statement.md:5:4: error[D312]: the figure 1989 is not in the snapshot of `sr-2017`\n"
        "  hint: correct the figure, or cite the evidence that gives it",
    ),
    (
        "quotation not in the snapshot of a source cited directly",
        {ST: STATEMENT + "\nIt found “thousands of persons were killed” [@sr-2017, para. 109].\n"},
        "dossiers/test/statement.md:5:10: error[D311]: the quotation “thousands of persons were killed” is not in the snapshot of `sr-2017`\n"
        "  hint: the closest passage reads “thousands of persons were summa- rily killed”; the quote leaves out “summa- rily”",
    ),
    (
        "unused bibliography entry",
        {BB: BIB + "@misc{orphan, title = {Nobody cites me}}\n"},
        "bibliography.bib:16:1: error[D501]: bibliography entry `orphan` is not cited by any "
        "statement or evidence",
    ),
]


@pytest.mark.parametrize("changes, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_mistake_is_reported_where_it_is(make_workspace, changes, expected):
    """--strict, so that warnings too fail the check (and are shown as errors)."""
    root = make_workspace(files(changes))
    if "evidence/latin1.yaml" in changes:
        (root / "evidence/latin1.yaml").write_bytes("- id: caf\xe9\n".encode("latin-1"))
    result = run_cli("check", "--strict", cwd=root)
    assert result.code == 1
    assert expected in result.problems


def test_all_problems_in_one_run_in_file_and_line_order(make_workspace):
    root = make_workspace(
        files(
            {
                EV: EVIDENCE.replace("  claim:", "  claimm: x\n  claim:"),
                ST: STATEMENT.replace("[@amnesty-2018, p. 12]", "[@nobody]"),
                BB: BIB.replace(SNAPSHOT_SHA256, "xyz"),
            }
        )
    )
    result = run_cli("check", cwd=root)
    assert result.code == 1
    located = [line.split(": ")[0] for line in result.err.splitlines() if ": error[" in line]
    # `killings` failed validation; its citation at 3:23 is not reported again as unknown.
    assert located == [
        "bibliography.bib:7:3",
        "dossiers/test/statement.md:3:66",
        "evidence/claims.yaml:2:3",
    ]
    assert result.err.rstrip().endswith("3 errors and 1 warning found")


def test_warnings_alone_pass_without_strict(make_workspace):
    root = make_workspace(files({BB: BIB + "@misc{orphan, title = {Nobody cites me}}\n"}))
    result = run_cli("check", cwd=root)
    assert result.code == 0
    assert "bibliography.bib:16:1: warning[D501]: bibliography entry `orphan`" in result.err
    assert result.err.rstrip().endswith("1 warning found")
