"""Legal review: approvals written into evidence files byte for byte, approvals that go stale
when the claim, a quote or a snapshot changes, builds that require approval, and the trace
in three formats. On copies of the example workspace, through the real command line."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from conftest import SNAPSHOT_PATH, files, run_cli
from dossier.review.edit_review import add_review
from support.examples import THIRD, THIRD_EVIDENCE, THIRD_ITEMS
from support.review_items import EPOCH_2025_11_20, ON_2025_11_20

ON_2025_11_21 = {"SOURCE_DATE_EPOCH": str(EPOCH_2025_11_20 + 86_400)}


def _changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True)):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def test_approve_changes_only_the_items_review_lines(examples: Path) -> None:
    path = examples / THIRD_EVIDENCE
    before = path.read_bytes()
    done = run_cli(
        "approve", "fars-editorial-2025", "--by", "legal/jd", cwd=examples, env=ON_2025_11_20
    )
    assert done.code == 0, done.err
    assert done.out == (
        "approved `fars-editorial-2025` (evidence/third-committee-2025.yaml:25:3) "
        "by legal/jd on 2025-11-20\n"
    )
    after = path.read_bytes()
    removed, added = _changed_lines(before.decode(), after.decode())
    assert removed == []
    assert added[:4] == [
        "  reviews:\n",
        "    - status: approved\n",
        "      by: legal/jd\n",
        "      on: 2025-11-20\n",
    ]
    assert added[4].startswith("      digest: sha256:") and added[5] == "      parts:\n"
    assert "        claim: " in added[6]
    # inserted as one block, right after the item's last line (`reliability: B2`)
    start = after.index(b"  reviews:\n")
    assert after[:start] + after[start + len("".join(added).encode()) :] == before
    assert before[:start].endswith(
        b"      quote: openly called for repeating the 1988 executions\n  reliability: B2\n"
    )


def test_a_second_approver_is_appended_and_both_count(examples: Path) -> None:
    path = examples / THIRD_EVIDENCE
    first = run_cli("approve", "sr-findings-2024", "--by", "a", cwd=examples, env=ON_2025_11_20)
    assert first.code == 0, first.err
    once = path.read_text()
    again = run_cli("approve", "sr-findings-2024", "--by", "b", cwd=examples, env=ON_2025_11_21)
    assert again.code == 0, again.err
    removed, added = _changed_lines(once, path.read_text())
    assert removed == []  # appended, never overwritten
    assert added[:3] == ["    - status: approved\n", "      by: b\n", "      on: 2025-11-21\n"]
    assert path.read_text().replace("".join(added), "") == once
    rows = _csv_rows(run_cli("trace", THIRD, "--format", "csv", cwd=examples).out)
    [row] = [r for r in rows if r["Evidence"] == "sr-findings-2024"]
    assert (row["Review"], row["Reviewed by"], row["Reviewed on"]) == (
        "approved",
        "a, b",
        "2025-11-20, 2025-11-21",
    )
    document = json.loads(run_cli("trace", THIRD, "--format", "json", cwd=examples).out)
    [review] = {
        s["evidence"]["review"]["status"]: s["evidence"]["review"]
        for f in document["footnotes"]
        for s in f["sources"]
        if s["evidence"]["id"] == "sr-findings-2024"
    }.values()
    assert review["reviewers"] == [
        {"status": "approved", "by": "a", "on": "2025-11-20", "reason": None},
        {"status": "approved", "by": "b", "on": "2025-11-21", "reason": None},
    ]
    same = run_cli("approve", "sr-findings-2024", "--by", "b", cwd=examples, env=ON_2025_11_21)
    assert (same.code, same.err) == (0, "")
    assert same.out == (
        "already approved `sr-findings-2024` (evidence/third-committee-2025.yaml:70:3) by b "
        "on 2025-11-21; nothing recorded\n"
    )


def test_checked_after_approved_is_refused_not_a_silent_downgrade(examples: Path) -> None:
    path = examples / THIRD_EVIDENCE
    assert run_cli("approve", "sr-findings-2024", "--by", "a", cwd=examples).code == 0
    before = path.read_bytes()
    lower = run_cli("approve", "sr-findings-2024", "--by", "a", "--status", "checked", cwd=examples)
    assert lower.code == 1
    today = dt.date.today().isoformat()
    assert lower.err.splitlines() == [
        "evidence/third-committee-2025.yaml:79:7: error[D803]: `sr-findings-2024` is approved "
        f"by a on {today}, and it still holds: --status checked would lower it",
        "        - status: approved",
        "          ^",
        "  hint: to lower it, revoke the approval first: `dossier approve sr-findings-2024 "
        "--revoke --by a`, then record --status checked",
        "error[D002]: `sr-findings-2024` cannot be checked: see the problem above; nothing was "
        "recorded",
    ]
    assert path.read_bytes() == before
    # another reviewer's check is recorded beside the approval, which still decides
    other = run_cli("approve", "sr-findings-2024", "--by", "b", "--status", "checked", cwd=examples)
    assert other.code == 0, other.err
    rows = _csv_rows(run_cli("trace", THIRD, "--format", "csv", cwd=examples).out)
    [row] = [r for r in rows if r["Evidence"] == "sr-findings-2024"]
    assert (row["Review"], row["Reviewed by"]) == ("approved", "a")
    # revoked first, the lower status is recorded as an entry of its own
    assert run_cli("approve", "sr-findings-2024", "--by", "a", "--revoke", cwd=examples).code == 0
    again = run_cli("approve", "sr-findings-2024", "--by", "a", "--status", "checked", cwd=examples)
    assert again.code == 0, again.err
    rows = _csv_rows(run_cli("trace", THIRD, "--format", "csv", cwd=examples).out)
    [row] = [r for r in rows if r["Evidence"] == "sr-findings-2024"]
    assert (row["Review"], row["Reviewed by"]) == ("checked", "b, a")


def test_source_date_epoch_dates_an_approval(examples: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dossier", "approve", "sr-findings-2024", "--by", "jd"],
        cwd=examples,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH_2025_11_20)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("by jd on 2025-11-20\n")


ODD_FILE = (
    "# Evidence kept by hand: comments, odd quoting, folded claims.\r\n"
    "\r\n"
    "- id: first   # the first item\r\n"
    "  claim: >-\r\n"
    "    A claim folded\r\n"
    "    over two lines.\r\n"
    "\r\n"
    "  sources:\r\n"
    "    - {cite: sr-2017, locator: 'para. 109'}\r\n"
    "  review: {status: draft}   # to do\r\n"
    "  reliability:    'B2'\r\n"
    "\r\n"
    "# --- the second item ---\r\n"
    '-   id: "second"\r\n'
    "    claim: |\r\n"
    "      Literal text,\r\n"
    "      # not a comment.\r\n"
    "\r\n"
    "    sources: [{cite: sr-2017}]\r\n"
    "# trailing comment, no final line break"
)


def test_add_review_splices_a_history_into_a_hand_kept_crlf_file() -> None:
    entry = {"status": "approved", "by": "no", "parts": {"claim": "012345678901"}}
    first = add_review(ODD_FILE, "first", entry, [])
    removed, added = _changed_lines(ODD_FILE, first)
    assert removed == ["  review: {status: draft}   # to do\r\n"]
    assert added == [
        "  reviews:\r\n",
        "    - status: approved\r\n",
        "      by: 'no'\r\n",  # YAML 1.1 would read a plain `no` as false
        "      parts:\r\n",
        "        claim: '012345678901'\r\n",
    ]
    # a second entry is appended after the first, and nothing else moves
    second_entry = {"status": "revoked", "by": "no", "reason": "on: a second look"}
    twice = add_review(first, "first", second_entry, [])
    removed, added = _changed_lines(first, twice)
    assert removed == []
    assert added == [
        "    - status: revoked\r\n",
        "      by: 'no'\r\n",
        "      reason: 'on: a second look'\r\n",
    ]
    assert twice.index("reason:") < twice.index("  reliability:    'B2'")
    second = add_review(ODD_FILE, "second", {"status": "checked"}, [])
    removed, added = _changed_lines(ODD_FILE, second)
    assert removed == []
    assert added == ["    reviews:\r\n", "      - status: checked\r\n"]
    assert second.index("      - status: checked") < second.index("# trailing comment")
    assert second.replace("    reviews:\r\n      - status: checked\r\n", "") == ODD_FILE


def test_approve_keeps_a_crlf_file_with_comments_byte_for_byte(make_workspace) -> None:
    evidence = (
        "# Claims\r\n"
        "- id: killings  # from the report\r\n"
        "  claim: >-\r\n"
        "    Thousands of prisoners were\r\n"
        "    summarily killed in 1988.\r\n"
        "  sources:\r\n"
        '    - cite: "sr-2017"\r\n'
        "      locator: 'para. 109'\r\n"
        "      quote: thousands of persons were summarily killed\r\n"
        "\r\n"
        "# unused\r\n"
        "- id: other\r\n"
        "  claim: Another claim.\r\n"
        "  sources: [{cite: sr-2017}]\r\n"
    )
    root = make_workspace(files({"evidence/claims.yaml": ""}))
    path = root / "evidence/claims.yaml"
    path.write_bytes(evidence.encode())
    done = run_cli("approve", "killings", "--by", "Zoë Q.", cwd=root, env=ON_2025_11_20)
    assert done.code == 0, done.err
    after = path.read_bytes().decode()
    removed, added = _changed_lines(evidence, after)
    assert removed == []
    assert added[:3] == ["  reviews:\r\n", "    - status: approved\r\n", "      by: Zoë Q.\r\n"]
    assert all(line.endswith("\r\n") for line in added)
    assert after.replace("".join(added), "") == evidence
    assert run_cli("check", cwd=root).code == 0


def test_an_item_with_errors_cannot_be_approved_and_the_file_stays(make_workspace) -> None:
    root = make_workspace(
        files(
            {
                "evidence/claims.yaml": files()["evidence/claims.yaml"].replace(
                    "thousands of persons were summarily killed", "thousands of persons were shot"
                )
            }
        )
    )
    before = (root / "evidence/claims.yaml").read_bytes()
    done = run_cli("approve", "killings", "--by", "jd", cwd=root)
    assert done.code == 1
    assert done.err.splitlines()[0] == (
        "evidence/claims.yaml:6:14: error[D611]: the quote of evidence `killings` is not in "
        f"the snapshot of `sr-2017` ({SNAPSHOT_PATH})"
    )
    assert done.err.splitlines()[-1] == (
        "error[D002]: `killings` cannot be approved: 1 error above must be fixed first; "
        "nothing was recorded"
    )
    assert (root / "evidence/claims.yaml").read_bytes() == before


def test_a_missing_snapshot_or_an_unknown_id_refuses_approval(make_workspace) -> None:
    root = make_workspace(files({SNAPSHOT_PATH: None}))
    before = (root / "evidence/claims.yaml").read_bytes()
    missing = run_cli("approve", "killings", "--by", "jd", cwd=root)
    assert missing.code == 1
    assert "error[D601]: snapshot `evidence/snapshots/sr-2017.txt` of `sr-2017` does not exist" in (
        missing.err
    )
    unknown = run_cli("approve", "killing", "--by", "jd", cwd=root)
    assert unknown.code == 1
    assert unknown.err == (
        "error[D002]: no evidence item `killing` in evidence/*.yaml; did you mean `killings`?\n"
    )
    assert (root / "evidence/claims.yaml").read_bytes() == before


def test_rewording_a_claim_makes_its_approval_stale_in_check_and_trace(examples: Path) -> None:
    assert (
        run_cli(
            "approve", "fars-editorial-2025", "--by", "legal/jd", cwd=examples, env=ON_2025_11_20
        ).code
        == 0
    )
    approved = run_cli("check", cwd=examples)
    assert approved.code == 0 and "[D801]" not in approved.err
    path = examples / THIRD_EVIDENCE
    path.write_text(
        path.read_text().replace(
            "calling for the 1988 executions to be repeated",
            "calling for the 1988 executions to happen again",
        )
    )
    check = run_cli("check", cwd=examples)
    assert check.code == 0  # a warning
    assert (
        "evidence/third-committee-2025.yaml:37:7: warning[D801]: the review of "
        "`fars-editorial-2025` is stale: approved by legal/jd on 2025-11-20; since then the "
        "claim changed\n"
        "  hint: review the item again, then record it: "
        "`dossier approve fars-editorial-2025 --by NAME`\n"
    ) in check.problems
    rows = _csv_rows(run_cli("trace", THIRD, "--format", "csv", cwd=examples).out)
    fars = [r for r in rows if r["Evidence"] == "fars-editorial-2025"]
    assert [(r["Review"], r["Reviewed by"], r["Changed since"]) for r in fars] == [
        ("stale", "legal/jd", "the claim")
    ] * 2


def _stale_lines(root: Path) -> list[str]:
    return [line for line in run_cli("check", cwd=root).err.splitlines() if "[D801]" in line]


def test_recapturing_a_snapshot_makes_approvals_stale_naming_it(examples: Path) -> None:
    items = ["fars-editorial-2025", "experts-statement-2025"]
    approve = ["approve", *items, "--by", "jd"]
    assert run_cli(*approve, cwd=examples, env=ON_2025_11_20).code == 0
    snapshot = examples / "evidence/snapshots/ncri-2025-experts-statement.txt"
    copy = examples.parent / "recaptured.txt"
    copy.write_text(snapshot.read_text() + "\nA paragraph added since.\n")
    recapture = ["snapshot", "ncri-experts-2025", str(copy), "--replace"]
    assert run_cli(*recapture, cwd=examples).code == 0
    # captured under the entry's key: the approval names the new file and the old one
    moved = (
        "since then snapshot evidence/snapshots/ncri-experts-2025.txt (new) and snapshot "
        "evidence/snapshots/ncri-2025-experts-statement.txt (no longer used) changed"
    )
    assert _stale_lines(examples) == [
        "evidence/third-committee-2025.yaml:37:7: warning[D801]: the review of "
        f"`fars-editorial-2025` is stale: approved by jd on 2025-11-20; {moved}",
        "evidence/third-committee-2025.yaml:68:7: warning[D801]: the review of "
        f"`experts-statement-2025` is stale: approved by jd on 2025-11-20; {moved}",
    ]
    assert run_cli(*approve, cwd=examples, env=ON_2025_11_20).code == 0
    assert _stale_lines(examples) == []
    copy.write_text(copy.read_text() + "And another.\n")
    assert run_cli(*recapture, cwd=examples).code == 0
    assert _stale_lines(examples)[1] == (
        "evidence/third-committee-2025.yaml:100:7: warning[D801]: the review of "
        "`experts-statement-2025` is stale: approved by jd on 2025-11-20; since then snapshot "
        "evidence/snapshots/ncri-experts-2025.txt changed"
    )
    document = json.loads(run_cli("trace", THIRD, "--format", "json", cwd=examples).out)
    reviews = {
        s["evidence"]["id"]: s["evidence"]["review"]
        for f in document["footnotes"]
        for s in f["sources"]
    }
    assert reviews["experts-statement-2025"] == {
        "status": "stale",
        "recorded": "approved",
        "by": "jd",
        "on": "2025-11-20",
        "changed": ["snapshot evidence/snapshots/ncri-experts-2025.txt"],
        "reviewers": [{"status": "approved", "by": "jd", "on": "2025-11-20", "reason": None}],
    }


def test_a_changed_quote_and_an_added_source_are_named(examples: Path) -> None:
    assert run_cli("approve", "fars-editorial-2025", "--by", "jd", cwd=examples).code == 0
    path = examples / THIRD_EVIDENCE
    path.write_text(
        path.read_text().replace(
            "      quote: openly called for repeating the 1988 executions\n",
            "      quote: openly called for repeating\n"
            "    - cite: ncri-experts-2025\n"
            "      locator: para. 2\n",
        )
    )
    check = run_cli("check", cwd=examples)
    [stale] = [line for line in check.err.splitlines() if "[D801]" in line]
    assert stale.endswith(
        "since then the quote of source 2 (`iranfreedom-2025`) and "
        "source 3 (`ncri-experts-2025`), added changed"
    )


def test_require_approved_blocks_then_passes_once_approved(examples: Path) -> None:
    blocked = run_cli("build", THIRD, "--require-approved", cwd=examples)
    assert blocked.code == 1
    refused = [line for line in blocked.err.splitlines() if "[D802]" in line]
    assert refused[0] == (
        f"dossiers/{THIRD}/statement.md:4:48: error[D802]: `third-committee-vote-2025` is not "
        "approved, as --require-approved asks: it is a draft, never approved"
    )
    assert len(refused) == 8  # each citation of an unapproved item, at its place
    assert not (examples / "build").exists()
    assert run_cli("approve", *THIRD_ITEMS, "--by", "jd", cwd=examples).code == 0
    unsigned = run_cli("build", THIRD, "--require-approved", cwd=examples)
    assert unsigned.code == 1
    assert [line for line in unsigned.err.splitlines() if "error[" in line] == [
        f"dossiers/{THIRD}/statement.md:1:1: error[D805]: the statement of `{THIRD}` is not "
        "signed off, as --require-approved asks: it was never signed off"
    ]
    assert run_cli("approve", "--statement", THIRD, "--by", "jd", cwd=examples).code == 0
    built = run_cli("build", THIRD, "--require-approved", cwd=examples)
    assert built.code == 0, built.err
    assert (examples / f"build/{THIRD}/{THIRD}.pdf").is_file()


def test_require_approved_in_dossier_yaml_refuses_checked_and_stale_items(examples: Path) -> None:
    config = examples / f"dossiers/{THIRD}/dossier.yaml"
    config.write_text(config.read_text() + "require_approved: true\n")
    others = [i for i in THIRD_ITEMS if i != "sr-findings-2024"]
    assert run_cli("approve", *others, "--by", "jd", cwd=examples, env=ON_2025_11_20).code == 0
    checked = ["approve", "sr-findings-2024", "--by", "kl", "--status", "checked"]
    assert run_cli(*checked, cwd=examples, env=ON_2025_11_21).code == 0
    path = examples / THIRD_EVIDENCE
    path.write_text(path.read_text().replace("by 79 votes to 28", "by seventy-nine votes to 28"))
    blocked = run_cli("build", THIRD, cwd=examples)
    assert blocked.code == 1
    refused = [line for line in blocked.err.splitlines() if "[D802]" in line]
    why = f"as `require_approved: true` in dossiers/{THIRD}/dossier.yaml asks"
    assert refused == [
        f"dossiers/{THIRD}/statement.md:4:48: error[D802]: `third-committee-vote-2025` is not "
        f"approved, {why}: its review is stale: approved by jd on 2025-11-20; since then the "
        "claim changed",
        f"dossiers/{THIRD}/statement.md:26:11: error[D802]: `sr-findings-2024` is not approved, "
        f"{why}: it was only checked by kl on 2025-11-21",
    ]
    assert not (examples / "build").exists()


def test_an_up_to_date_build_is_still_refused_with_require_approved(examples: Path) -> None:
    assert run_cli("build", THIRD, cwd=examples).code == 0
    pdf = examples / f"build/{THIRD}/{THIRD}.pdf"
    before = pdf.read_bytes()
    assert run_cli("build", THIRD, "--require-approved", cwd=examples).code == 1
    assert pdf.read_bytes() == before


def _csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")  # so that Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_trace_in_three_formats(examples: Path) -> None:
    approve = ["approve", "third-committee-vote-2025", "--by", "jd"]
    assert run_cli(*approve, cwd=examples, env=ON_2025_11_20).code == 0
    document = json.loads(run_cli("trace", THIRD, "--format", "json", cwd=examples).out)
    first = document["footnotes"][0]
    assert (first["number"], first["at"], first["citation"]) == (
        1,
        f"dossiers/{THIRD}/statement.md:4:48",
        "[@third-committee-vote-2025]",
    )
    assert first["sentence"].startswith("On 19 November 2025 the Third Committee")
    [source] = first["sources"]
    assert source["quote_verified"] is True
    assert source["evidence"]["review"]["status"] == "approved"

    rows = _csv_rows(run_cli("trace", THIRD, "--format", "csv", cwd=examples).out)
    assert len(rows) == 9 + len(document["facts"])
    assert sum(len(f["sources"]) for f in document["footnotes"]) == 9
    assert rows[0] == {
        "Note": "1",
        "Statement": f"dossiers/{THIRD}/statement.md:4",
        "Sentence": first["sentence"],
        "Evidence": "third-committee-vote-2025",
        "Claim": source["evidence"]["claim"],
        "Source": "iranfreedom-2025",
        "Locator": "",
        "Quote": "The vote passed with 79 countries in favor, 28 against, and 63 abstentions",
        "Quoted in": "",
        "Quote verified": "yes",
        "Snapshot": "evidence/snapshots/iranfreedom-2025-third-committee.txt",
        "Snapshot sha256": source["sha256"],
        "Reliability": "B2",
        "Review": "approved",
        "Reviewed by": "jd",
        "Reviewed on": "2025-11-20",
        "Changed since": "",
        "Restricted": "no",
        "Explanatory note": "",
        "Note text": "",
        "Statement sign-off": "draft",
        "Signed off by": "",
    }
    assert rows[1]["Review"] == "draft"
    assert rows[9]["Statement"].startswith(f"dossiers/{THIRD}/dossier.yaml:")
    assert rows[9]["Sentence"].startswith("profile: ")

    markdown = run_cli("trace", THIRD, cwd=examples).out.splitlines()
    assert markdown[0] == (
        f"Trace of `{THIRD}` (dossiers/{THIRD}/statement.md): 8 footnotes, 9 cited sources; "
        "statement sign-off: a draft"
    )
    assert markdown[2] == (
        "| Note | Statement | Sentence | Evidence | Claim | Source | Locator | Quote | Quoted in "
        "| Quote verified | Snapshot | Snapshot sha256 | Reliability | Review | Reviewed by "
        "| Reviewed on | Changed since | Restricted | Explanatory note | Note text "
        "| Statement sign-off | Signed off by |"
    )
    assert markdown[3] == "|" + " --- |" * 22
    assert markdown[4].startswith(
        f"| 1 | dossiers/{THIRD}/statement.md:4 | On 19 November 2025 the Third Committee"
    )
    assert markdown[4].endswith("| B2 | approved | jd | 2025-11-20 |  | no |  |  | draft |  |")
    assert len(markdown) == 4 + 9 + len(document["facts"])


def test_markdown_trace_escapes_pipes_and_o_writes_a_file(make_workspace) -> None:
    root = make_workspace(
        files(
            {
                "dossiers/test/statement.md": "# Findings\n\nThe | killings were many "
                "[@killings].\n",
            }
        )
    )
    table = run_cli("trace", "test", cwd=root).out.splitlines()
    assert table[4].startswith("| 1 | dossiers/test/statement.md:3 | The \\| killings were many. |")
    assert table[4].count(" | ") == 21
    out = root.parent / "trace.csv"
    written = run_cli("trace", "test", "--format", "csv", "-o", str(out), cwd=root)
    assert written.code == 0 and written.out == ""
    facts = len(json.loads(run_cli("trace", "test", "--format", "json", cwd=root).out)["facts"])
    assert written.err == f"wrote {out} ({1 + facts} rows)\n"
    assert _csv_rows(out.read_bytes().decode("utf-8"))[0]["Quote verified"] == "yes"
    assert list(root.parent.glob(".*.partial")) == []


def test_the_public_pdf_carries_no_trace_and_no_review_data(make_workspace) -> None:
    root = make_workspace(files())
    assert run_cli("approve", "killings", "--by", "jd", cwd=root).code == 0
    assert run_cli("build", cwd=root).code == 0
    attached = PdfReader(root / "build/test/test.pdf").attachments
    assert set(attached) == {"manifest.json"}
    [manifest] = attached["manifest.json"]
    assert b"killings" not in manifest and b"jd" not in manifest
