"""An up-to-date build is quick (no pydantic, no importlib.metadata: see whole/test_startup.py)
and still right: whatever changed since the build (an input, a template, the wording, a font,
an output, dossier's version or a library's) has the dossier built again. One real build,
copied for each test; the question is asked of `up_to_date` itself, as `dossier build` asks
it."""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, SNAPSHOT_PATH, files, run_cli
from dossier.base.libraries import versions as versions_module
from dossier.base.libraries.versions import versions
from dossier.base.settings import BuildSettings
from dossier.record import build_environment, manifest_paths
from dossier.record.build_environment import PACKAGES
from dossier.record.manifest import read_manifest
from dossier.record.up_to_date import up_to_date

MANIFEST = "build/test/manifest.json"
TEMPLATE = REPO / "src/dossier/templates/hrc-written-statement"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("built") / "ws"
    for relative, text in files().items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(textwrap.dedent(text), encoding="utf-8")
    assert run_cli("build", cwd=root).code == 0
    return root


@pytest.fixture
def workspace(built: Path, tmp_path: Path) -> Path:
    """A copy of the built workspace, outputs and manifest included, for one test to change."""
    return Path(shutil.copytree(built, tmp_path / "ws"))


def current(root: Path) -> bool:
    return up_to_date(root, "test", BuildSettings.from_environment())


def edit_manifest(root: Path, change: Any) -> None:
    path = root / MANIFEST
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document, indent=2))


def test_an_unchanged_copy_is_up_to_date(workspace: Path) -> None:
    """The control: every test below starts from a workspace that needs no build."""
    assert current(workspace)
    assert "is up to date" in run_cli("build", cwd=workspace).out


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("dossiers/test/statement.md", "One more sentence.\n"),
        ("dossiers/test/dossier.yaml", "# a comment\n"),
        ("evidence/claims.yaml", "# a comment\n"),
        ("bibliography.bib", "% a comment\n"),
        (SNAPSHOT_PATH, "One more line.\n"),
        ("evidence/more.yaml", "[]\n"),  # an evidence file added
        ("build/test/test.pdf", "%%EOF\n"),  # an output altered
        ("build/test/test.html", "<!-- -->\n"),
        ("build/test/test.docx", "PK"),
    ],
)
def test_an_input_or_output_changed_is_built_again(workspace: Path, path: str, text: str) -> None:
    with (workspace / path).open("a", encoding="utf-8") as file:
        file.write(text)
    assert not current(workspace)


@pytest.mark.parametrize("template", ["statement.css", "statement.html.j2", "wording.yaml"])
def test_a_template_or_wording_of_the_workspace_is_built_again(
    workspace: Path, template: str
) -> None:
    """A workspace's own templates/<profile>/ file, laid over the built-in one."""
    override = workspace / "templates/hrc-written-statement" / template
    override.parent.mkdir(parents=True)
    text = (TEMPLATE / template).read_text(encoding="utf-8")
    override.write_text("# an override\n" if template == "wording.yaml" else text)
    assert not current(workspace)


def test_a_built_in_template_or_font_changed_is_built_again(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The package's files, as a new release of dossier would change them: read from a copy
    of the package, which matches until one of its files changes."""
    package = tmp_path / "package"
    for folder in ("templates", "fonts"):
        shutil.copytree(REPO / "src/dossier" / folder, package / folder)
    monkeypatch.setattr(manifest_paths, "PACKAGE_DIR", package)
    assert current(workspace)
    fonts = json.loads((workspace / MANIFEST).read_text())["fonts"]
    assert "LiberationSerif-Regular.ttf" in fonts
    font = package / "fonts/LiberationSerif-Regular.ttf"
    font.write_bytes(font.read_bytes() + b"\0")
    assert not current(workspace)
    font.write_bytes(font.read_bytes()[:-1])
    assert current(workspace)
    with (package / "templates/hrc-written-statement/wording.yaml").open("a") as wording:
        wording.write("# changed\n")
    assert not current(workspace)


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m["versions"].update(dossier="0.0.1"),
        lambda m: m["versions"].update(weasyprint="1.0"),
        lambda m: m["versions"].pop("pydyf"),
        lambda m: m["versions"].update(python="2.7.18"),
        lambda m: m["fonts"].update({"LiberationSerif-Regular.ttf": "0" * 64}),
        lambda m: m["fonts"].update({"../../../../etc/passwd": "0" * 64}),
        lambda m: m["options"].update(strict=True),
        lambda m: m["options"].update(pdf_variant="plain"),
        lambda m: m.update(dossier="other"),
        lambda m: m.update(format=2),
        lambda m: m.update(counts=[]),  # not a manifest: built again
    ],
)
def test_what_the_manifest_recorded_must_be_what_is_installed_now(
    workspace: Path, change: Any
) -> None:
    edit_manifest(workspace, change)
    assert not current(workspace)


def test_dossier_s_own_version_changed_is_built_again(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_environment, "__version__", "0.2.0")
    assert not current(workspace)


def dist_info(folder: Path, name: str, version: str, file: str = "METADATA") -> None:
    info = folder / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / file).write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nVersion: 0 (the body)\n"
    )


def test_a_library_installed_with_another_version_is_built_again(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder earlier on sys.path holding another pydyf: importlib.metadata finds it first,
    and so does the quick reader."""
    dist_info(tmp_path / "site", "pydyf", "99.0")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "site"), *sys.path])
    assert metadata.version("pydyf") == "99.0"
    assert build_environment.package_versions()["pydyf"] == "99.0"
    assert not current(workspace)


def test_the_quick_versions_are_importlib_metadata_s_for_every_installed_distribution() -> None:
    names = sorted({d.metadata["Name"] for d in metadata.distributions()} | set(PACKAGES))
    assert len(names) > 30
    assert versions(names) == {name: metadata.version(name) for name in names}


def test_where_the_quick_reader_could_differ_importlib_metadata_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two candidates in one folder, a name without a Version header, an egg-info's PKG-INFO
    and a name nowhere installed: each answered as importlib.metadata answers."""
    site = tmp_path / "site"
    dist_info(site, "twice", "1.0")
    dist_info(site, "twice", "2.0")
    dist_info(site, "egg_thing", "3.0", file="PKG-INFO")
    (site / "egg_thing-3.0.dist-info").rename(site / "egg_thing-3.0.egg-info")
    (site / "headless-1.0.dist-info").mkdir()
    (site / "headless-1.0.dist-info/METADATA").write_text("Name: headless\n")
    monkeypatch.setattr(sys, "path", [str(site), *sys.path])
    expected = {
        "twice": metadata.version("twice"),
        "egg-thing": "3.0",
        "headless": metadata.version("headless"),  # None: no Version header
        "no-such-distribution": versions_module.NOT_INSTALLED,
    }
    asked: list[str] = []  # what importlib.metadata is asked from here on
    original = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: asked.append(name) or original(name))
    assert versions(expected) == expected
    assert asked == ["twice", "headless", "no-such-distribution"]


def read(document: Any) -> Any:
    return read_manifest(json.dumps(document).encode(), "manifest.json")[0]


def mutations(manifest: dict[str, Any]) -> list[Any]:
    """The manifest with each field, at every depth, removed or given a value of each kind."""
    odd_values: list[Any] = [None, True, 1, 1.0, -1, "x", "a" * 64, [], {}, {"k": "v"}]
    found: list[Any] = [manifest, [], "manifest", {**manifest, "extra": 1}]
    for key, value in manifest.items():
        found.append({k: v for k, v in manifest.items() if k != key})
        found += [{**manifest, key: odd} for odd in odd_values]
        if isinstance(value, dict):
            found.append({**manifest, key: {**value, "extra": 1}})
            for inner in value:
                found.append({**manifest, key: {k: v for k, v in value.items() if k != inner}})
                found += [{**manifest, key: {**value, inner: odd}} for odd in odd_values]
    found += [{**manifest, "git": {"commit": "a" * 40, "dirty": False}}]
    found += [{**manifest, "dossier": "-leading-dash"}, {**manifest, "dossier": "a\n"}]
    found += [{**manifest, "options": {**manifest["options"], "edition": "review"}}]
    found += [{**manifest, "options": {**manifest["options"], "source_date_epoch": 10**13}}]
    return found


def test_a_manifest_is_read_back_as_written_or_refused(built: Path) -> None:
    """One reading for an up-to-date build and `dossier verify`: whatever it accepts is what
    the writer would write (nothing coerced, nothing dropped), and it refuses every field
    removed, added or given a value of the wrong kind."""
    written = (built / MANIFEST).read_bytes()
    manifest, problems = read_manifest(written, "manifest.json")
    assert problems == [] and manifest is not None and manifest.as_json() == written
    cases = mutations(json.loads(written))
    assert len(cases) > 300
    kept = [(case, manifest) for case in cases if (manifest := read(case)) is not None]
    assert [json.loads(manifest.as_json()) for _, manifest in kept] == [c for c, _ in kept]
    assert 10 < len(kept) < len(cases) / 4  # most changes are refused
    assert read_manifest(b"{not json", "m")[0] is None
    assert read_manifest(b"[" * 100_000, "m")[0] is None
