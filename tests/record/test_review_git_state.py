"""The review edition prints the git state it was built from, so its manifest's options
record that state (for `dossier verify`, which rebuilds from a copy without .git); the public
edition's options never do, so that its bytes stay what they were."""

from __future__ import annotations

import json

from dossier.base.git import NOT_IN_GIT, GitState
from dossier.base.problem_codes import MALFORMED_MANIFEST
from dossier.base.settings import BuildSettings, Edition
from dossier.record.manifest import Manifest, ManifestOptions, read_manifest

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def _manifest(settings: BuildSettings) -> Manifest:
    return Manifest("example", {}, ManifestOptions.of(settings), {}, {}, {}, {})


def _options(manifest: Manifest) -> dict[str, object]:
    options: dict[str, object] = json.loads(manifest.as_json())["options"]
    return options


def test_the_review_options_record_the_git_state_and_read_it_back() -> None:
    for git in (GitState(COMMIT, True), GitState(COMMIT, False), NOT_IN_GIT):
        settings = BuildSettings(edition=Edition.REVIEW, git=git)
        manifest = _manifest(settings)
        expected = None if git is NOT_IN_GIT else {"commit": COMMIT, "dirty": git.dirty}
        assert _options(manifest)["git"] == expected
        read, problems = read_manifest(manifest.as_json(), "manifest-review.json")
        assert problems == [] and read is not None
        assert read.options.settings() == settings


def test_a_review_manifest_without_it_asks_git_again() -> None:
    manifest = _manifest(BuildSettings(edition=Edition.REVIEW))
    assert "git" not in _options(manifest)
    read, _ = read_manifest(manifest.as_json(), "manifest-review.json")
    assert read is not None and read.options.git is None


def test_the_public_options_never_carry_it() -> None:
    settings = BuildSettings(git=GitState(COMMIT, True)).with_git(lambda: NOT_IN_GIT)
    assert "git" not in _options(_manifest(settings))
    assert BuildSettings().with_git(lambda: GitState(COMMIT, True)).git is None


def test_a_malformed_git_state_is_refused() -> None:
    document = json.loads(_manifest(BuildSettings(edition=Edition.REVIEW)).as_json())
    document["options"]["git"] = {"commit": "not a commit", "dirty": "yes"}
    read, problems = read_manifest(json.dumps(document).encode(), "manifest-review.json")
    assert read is None and {p.code for p in problems} == {MALFORMED_MANIFEST}


def test_what_the_edition_says() -> None:
    assert GitState(COMMIT, False).describe() == "built from commit 0123456789"
    assert GitState(COMMIT, True).describe() == (
        "built from commit 0123456789, with uncommitted changes"
    )
    assert NOT_IN_GIT.describe() == "not in a git repository"
