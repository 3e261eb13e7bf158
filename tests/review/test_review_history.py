"""An item's review history: several approvers, rejections and revocations as entries of their
own (in check, trace and diff), honest dates, the reviewer taken from git, approving what a
dossier cites, and files of the older single `review` block read as they are and migrated
only when approve next touches the item. Real files and real git repositories."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import EVIDENCE, SNAPSHOT_PATH, files, run_cli
from support.gitrepo import commit, init_repository, write
from support.review_items import EPOCH_2025_11_20, INQUIRY

DAY = 86_400


def on(day: int) -> dict[str, str]:
    """SOURCE_DATE_EPOCH on 2025-11-20 + `day` days."""
    return {"SOURCE_DATE_EPOCH": str(EPOCH_2025_11_20 + day * DAY)}


STATEMENT = """\
# Findings

Thousands were killed [@killings]. Amnesty called for an inquiry [@inquiry].
"""


def _workspace(root: Path) -> Path:
    init_repository(root)
    write(root, files({"evidence/claims.yaml": EVIDENCE + INQUIRY}))
    write(root, {"dossiers/test/statement.md": STATEMENT})
    return root


def _trace_rows(root: Path) -> dict[str, tuple[str, str, str]]:
    document = json.loads(run_cli("trace", "test", "--format", "json", cwd=root).out)
    rows = {}
    for footnote in document["footnotes"]:
        for source in footnote["sources"]:
            review = source["evidence"]["review"]
            by = ", ".join(r["by"] for r in review["reviewers"])
            rows[source["evidence"]["id"]] = (review["status"], by, "; ".join(review["changed"]))
    return rows


def test_a_rejection_and_a_revocation_in_check_trace_and_diff(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "repo")
    for item in ("killings", "inquiry"):
        done = run_cli("approve", item, "--by", "legal/ab", cwd=root, env=on(0))
        assert done.code == 0, done.err
    commit(root, "Both approved", tag="v1")
    revoked = run_cli(
        "approve", "killings", "--revoke", "--by", "legal/ab", "--reason", "wrong paragraph",
        cwd=root, env=on(1),
    )  # fmt: skip
    assert (revoked.code, revoked.err) == (0, "")
    assert revoked.out == (
        "revoked `killings` (evidence/claims.yaml:1:3) by legal/ab on 2025-11-21 "
        "(reason: wrong paragraph)\n"
    )
    rejected = run_cli(
        "approve", "inquiry", "--status", "rejected", "--by", "legal/cd",
        "--reason", "no page 12 in the report", cwd=root, env=on(1),
    )  # fmt: skip
    assert (rejected.code, rejected.err) == (0, "")

    check = run_cli("build", "--require-approved", cwd=root)
    assert check.code == 1
    assert [line for line in check.err.splitlines() if "[D802]" in line] == [
        "dossiers/test/statement.md:3:23: error[D802]: `killings` is not approved, as "
        "--require-approved asks: its approval was revoked by legal/ab on 2025-11-21 "
        "(reason: wrong paragraph)",
        "dossiers/test/statement.md:3:66: error[D802]: `inquiry` is not approved, as "
        "--require-approved asks: it was rejected by legal/cd on 2025-11-21 "
        "(reason: no page 12 in the report)",
    ]
    # a rejection decides even beside another reviewer's approval of the same version
    assert _trace_rows(root) == {
        "killings": ("revoked", "legal/ab", ""),
        "inquiry": ("rejected", "legal/cd", ""),
    }

    diff = run_cli("diff", "v1", cwd=root)
    assert (diff.code, diff.err) == (0, "")
    assert diff.out.splitlines()[1:] == [
        "",
        "Reviews: 2 recorded",
        "  revoked  killings  (evidence/claims.yaml:1:3)",
        "      revoked by legal/ab on 2025-11-21 (reason: wrong paragraph)",
        "  rejected inquiry  (evidence/claims.yaml:39:3)",
        "      rejected by legal/cd on 2025-11-21 (reason: no page 12 in the report)",
    ]
    document = json.loads(run_cli("diff", "v1", "--format", "json", cwd=root).out)
    assert [(r["id"], r["change"], r["status"], r["reason"]) for r in document["reviews"]] == [
        ("killings", "recorded", "revoked", "wrong paragraph"),
        ("inquiry", "recorded", "rejected", "no page 12 in the report"),
    ]
    # entries erased from the history by hand are shown too
    path = root / "evidence/claims.yaml"
    text = path.read_text()
    path.write_text(text[: text.index("  reviews:")] + text[text.index("- id: inquiry") :])
    erased = run_cli("diff", "v1", cwd=root).out.splitlines()
    assert erased[2:] == [
        "Reviews: 1 recorded, 1 erased",
        "  erased   killings  (evidence/claims.yaml:1:3)",
        "      erased from the history: approved by legal/ab on 2025-11-20",
        "  rejected inquiry  (evidence/claims.yaml:7:3)",
        "      rejected by legal/cd on 2025-11-21 (reason: no page 12 in the report)",
    ]


def test_reject_needs_a_reason_and_revoke_needs_an_approval(make_workspace) -> None:
    root = make_workspace(files())
    before = (root / "evidence/claims.yaml").read_bytes()
    bare = run_cli("approve", "killings", "--by", "jd", "--status", "rejected", cwd=root)
    assert bare.code == 2
    assert bare.err.endswith(
        "error[D001]: --status rejected needs --reason: say why the item is rejected\n"
    )
    nothing = run_cli("approve", "killings", "--by", "jd", "--revoke", cwd=root, env=on(0))
    assert nothing.code == 1
    assert nothing.err.splitlines() == [
        "evidence/claims.yaml:1:3: error[D803]: `killings` has no approval or check by jd to "
        "revoke",
        "    - id: killings",
        "      ^",
        "  hint: --revoke withdraws the reviewer's own approval; to refuse the item, "
        "`dossier approve killings --status rejected --reason TEXT`",
        "error[D002]: `killings` cannot be revoked: see the problem above; nothing was recorded",
    ]
    both = run_cli("approve", "killings", "--by", "jd", "--revoke", "--status", "checked", cwd=root)
    assert both.code == 2 and both.err.endswith(
        "error[D001]: --revoke withdraws an approval; it takes no --status\n"
    )
    assert (root / "evidence/claims.yaml").read_bytes() == before


def test_a_future_date_and_a_back_date_are_refused(make_workspace) -> None:
    root = make_workspace(files())
    path = root / "evidence/claims.yaml"
    before = path.read_bytes()
    future = dt.date.today() + dt.timedelta(days=3)
    epoch = int(dt.datetime(future.year, future.month, future.day, 12, tzinfo=dt.UTC).timestamp())
    ahead = run_cli("approve", "killings", "--by", "jd", cwd=root, env={
        "SOURCE_DATE_EPOCH": str(epoch)
    })  # fmt: skip
    assert ahead.code == 2
    assert ahead.err.endswith(
        f"error[D001]: SOURCE_DATE_EPOCH's day, {future.isoformat()}, is in the future; a "
        "review is dated the day it is recorded\n"
    )
    assert path.read_bytes() == before
    assert run_cli("approve", "killings", "--by", "jd", cwd=root, env=on(1)).code == 0
    approved = path.read_bytes()
    back = run_cli("approve", "killings", "--by", "kl", cwd=root, env=on(0))
    assert back.code == 1
    assert back.err.splitlines() == [
        "evidence/claims.yaml:8:7: error[D803]: `killings` cannot be approved on 2025-11-20: "
        "its last review (approved by jd) is dated 2025-11-21, and a review is never dated "
        "before the one it follows",
        "        - status: approved",
        "          ^",
        "  hint: record it on the day it is made: leave SOURCE_DATE_EPOCH unset, or set it to a "
        "later day",
        "error[D002]: `killings` cannot be approved: see the problem above; nothing was recorded",
    ]
    assert path.read_bytes() == approved
    gone = run_cli("approve", "killings", "--by", "kl", "--date", "2025-11-21", cwd=root)
    assert gone.code == 2 and gone.err.endswith("error[D001]: No such option '--date'.\n")


def _no_git_identity(home: Path) -> dict[str, str | None]:
    home.mkdir(exist_ok=True)
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": None,
        "SOURCE_DATE_EPOCH": str(EPOCH_2025_11_20),
    }


def test_by_defaults_to_git_s_identity(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "repo")  # user.name and user.email set in the repository
    environment = _no_git_identity(tmp_path / "home")
    done = run_cli("approve", "killings", cwd=root, env=environment)  # type: ignore[arg-type]
    assert (done.code, done.err) == (0, "")
    assert done.out == (
        "approved `killings` (evidence/claims.yaml:1:3) by Test Reviewer "
        "<reviewer@example.org> on 2025-11-20\n"
    )
    assert "      by: Test Reviewer <reviewer@example.org>\n" in (
        (root / "evidence/claims.yaml").read_text()
    )


def test_without_by_or_git_identity_it_is_a_usage_error(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    write(root, files())  # not a git repository, and no identity in an empty HOME
    before = (root / "evidence/claims.yaml").read_bytes()
    environment = _no_git_identity(tmp_path / "home")
    done = run_cli("approve", "killings", cwd=root, env=environment)  # type: ignore[arg-type]
    assert (done.code, done.out) == (2, "")
    assert done.err.endswith(
        "error[D001]: who is reviewing? give --by NAME, or set git's identity: "
        '`git config --global user.name "Your Name"` and '
        "`git config --global user.email you@example.org`\n"
    )
    assert (root / "evidence/claims.yaml").read_bytes() == before


UNCITED = """\
- id: uncited
  claim: Nobody cites this claim.
  sources:
    - cite: amnesty-2018
"""


def test_cited_by_approves_exactly_the_items_a_dossier_cites(make_workspace) -> None:
    root = make_workspace(
        files({"evidence/claims.yaml": EVIDENCE + INQUIRY + UNCITED,
               "dossiers/test/statement.md": STATEMENT})
    )  # fmt: skip
    path = root / "evidence/claims.yaml"
    done = run_cli("approve", "--cited-by", "test", "--by", "jd", cwd=root, env=on(0))
    assert (done.code, done.err) == (0, "")
    assert done.out == (
        "approved `killings` (evidence/claims.yaml:1:3) by jd on 2025-11-20\n"
        "approved `inquiry` (evidence/claims.yaml:7:3) by jd on 2025-11-20\n"
    )
    uncited = path.read_text().split("- id: uncited")[1]
    assert "reviews" not in uncited
    again = run_cli("approve", "--cited-by", "test", "--by", "jd", cwd=root, env=on(0))
    assert again.out.splitlines()[0] == (
        "already approved `killings` (evidence/claims.yaml:1:3) by jd on 2025-11-20; "
        "nothing recorded"
    )
    unknown = run_cli("approve", "--cited-by", "tset", "--by", "jd", cwd=root)
    assert unknown.code == 2 and "no dossier named tset" in unknown.err
    neither = run_cli("approve", "--by", "jd", cwd=root)
    assert neither.code == 2 and neither.err.endswith(
        "error[D001]: name the evidence items to review (IDS), or give --cited-by NAME\n"
    )


def test_cited_by_writes_nothing_when_one_item_is_blocked(make_workspace) -> None:
    broken = EVIDENCE.replace("summarily killed\n", "shot\n")
    root = make_workspace(
        files({"evidence/claims.yaml": INQUIRY + broken, "dossiers/test/statement.md": STATEMENT})
    )
    before = (root / "evidence/claims.yaml").read_bytes()
    done = run_cli("approve", "--cited-by", "test", "--by", "jd", cwd=root)
    assert (done.code, done.out) == (1, "")
    assert done.err.splitlines()[-1] == (
        "error[D002]: `killings` cannot be approved: 1 error above must be fixed first; "
        "nothing was recorded"
    )
    assert (root / "evidence/claims.yaml").read_bytes() == before


def _as_single_block(text: str) -> str:
    """The first item's history of one entry written as the older single `review` block."""
    start = text.index("  reviews:\n")
    end = text.index("\n- id: ", start) + 1
    lines = text[start:end].splitlines(keepends=True)
    lines[1] = lines[1].replace("- status", "  status")
    old = ["  review:\n"] + [line[2:] for line in lines[1:]]
    return text[:start] + "".join(old) + text[end:]


def test_an_old_single_block_loads_and_is_migrated_only_on_the_next_approve(
    tmp_path: Path,
) -> None:
    root = _workspace(tmp_path / "repo")
    assert run_cli("approve", "killings", "--by", "legal/ab", cwd=root, env=on(0)).code == 0
    path = root / "evidence/claims.yaml"
    old = _as_single_block(path.read_text())
    assert "  review:\n    status: approved\n    by: legal/ab\n    on: 2025-11-20\n" in old
    path.write_text(old)
    commit(root, "Approved in the older shape", tag="old")
    # read as a history of one entry, and left as it is by everything but approve
    assert _trace_rows(root)["killings"] == ("approved", "legal/ab", "")
    assert run_cli("check", cwd=root).code == 0
    assert run_cli("build", "--require-approved", cwd=root).code == 1  # inquiry: a draft
    assert path.read_text() == old
    # approving another item leaves it as it is too
    assert run_cli("approve", "inquiry", "--by", "legal/ab", cwd=root, env=on(1)).code == 0
    assert path.read_text().split("- id: inquiry")[0] == old.split("- id: inquiry")[0]
    # the next approve of the item writes its history: the old block first, as it was
    once = path.read_text()
    assert run_cli("approve", "killings", "--by", "legal/cd", cwd=root, env=on(1)).code == 0
    now = path.read_text()
    before_item, after_item = once.split("  review:\n")[0], once.split("- id: inquiry")[1]
    assert now.startswith(before_item + "  reviews:\n    - status: approved\n      by: legal/ab\n")
    assert now.endswith("- id: inquiry" + after_item)
    entries = now.split("- id: inquiry")[0].split("    - status: ")[1:]
    assert [e.splitlines()[:3] for e in entries] == [
        ["approved", "      by: legal/ab", "      on: 2025-11-20"],
        ["approved", "      by: legal/cd", "      on: 2025-11-21"],
    ]
    old_block = once.split("  review:\n")[1].split("- id: inquiry")[0]
    moved = "".join("  " + line for line in old_block.splitlines(keepends=True))
    # the old block's values, as written, two spaces further in
    first_entry = moved.replace("      status:", "    - status:", 1)
    assert now.split("  reviews:\n")[1].startswith(first_entry)
    assert _trace_rows(root)["killings"] == ("approved", "legal/ab, legal/cd", "")
    # the migration is not an erasure: the diff shows only what was recorded since
    diff = run_cli("diff", "old", cwd=root).out.splitlines()
    assert diff[2:] == [
        "Reviews: 2 recorded",
        "  approved killings  (evidence/claims.yaml:1:3)",
        "      approved by legal/cd on 2025-11-21",
        "  approved inquiry  (evidence/claims.yaml:38:3)",
        "      approved by legal/ab on 2025-11-21",
    ]


def test_a_snapshot_missing_does_not_stop_a_revocation(make_workspace) -> None:
    root = make_workspace(files())
    assert run_cli("approve", "killings", "--by", "jd", cwd=root, env=on(0)).code == 0
    (root / SNAPSHOT_PATH).unlink()
    done = run_cli("approve", "killings", "--by", "jd", "--revoke", cwd=root, env=on(0))
    assert (done.code, done.err) == (0, "")
    assert done.out == "revoked `killings` (evidence/claims.yaml:1:3) by jd on 2025-11-20\n"
