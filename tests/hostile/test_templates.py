"""A workspace's templates are hostile input: each attack is planted in a workspace built here
and run through the real CLI, and the test asserts the effect that must not happen (a marker
file created, a secret from outside the workspace in the output), the exit code and the
exact located message. `check` finds every template problem, without laying out a PDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import files, run_cli
from support.overrides import CSS, PROFILE, TEMPLATE, override

SECRET = "SECRET-FROM-OUTSIDE-THE-WORKSPACE"


def outputs_hold(root: Path, text: str) -> bool:
    return any(text.encode() in p.read_bytes() for p in (root / "build").rglob("*") if p.is_file())


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_template_cannot_run_a_program(make_workspace, tmp_path, command):
    marker = tmp_path / "marker"
    root = make_workspace(files())
    attack = (
        "{{ self.__init__.__globals__.__builtins__.__import__('os')"
        f".popen('touch {marker}').read() }}}}"
    )
    override(root, body=attack)
    result = run_cli(command, cwd=root)
    assert result.code == 1
    assert result.problems == (
        f"{TEMPLATE}:15:9: error[D409]: the template sandbox refused this: access to attribute "
        "'__init__' of 'TemplateReference' object is unsafe.\n"
        "  hint: a template may show the values it is given (c.title, c.body_html, …); it "
        "cannot reach Python's internals, and nothing in it runs a program\n"
        "1 error found\n"
    )
    assert not marker.exists()
    assert not (root / "build").exists()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "{% if %}",
            f"{TEMPLATE}:15:1: error[D407]: template syntax error: Expected an expression, got "
            "'end of statement block'\n"
            "  hint: correct the template; the syntax is Jinja2's\n",
        ),
        (
            "<p>{{ c.titel }}</p>",
            f"{TEMPLATE}:15:9: error[D408]: template error: "
            "'dossier.render.html.render_html.TemplateContext object' has no attribute 'titel'\n"
            "  hint: the values a template may use are c.title, c.body_html and the others "
            "docs/profiles.md lists; correct the name or the expression\n",
        ),
        (
            "{% include 'hrc-written-statement/missing.html' %}",
            f"{TEMPLATE}:15:1: error[D410]: template `hrc-written-statement/missing.html` not "
            "found in templates/ or the built-in templates\n"
            "  hint: create it under templates/, or correct the name\n",
        ),
        (
            "{% include '/etc/passwd' %}",
            f"{TEMPLATE}:15:1: error[D410]: template name `/etc/passwd` is not allowed: a "
            "template is named by its path inside templates/, such as "
            "`hrc-written-statement/notes.html.j2`\n"
            "  hint: write the name relative to templates/, without `..` or a leading `/`\n",
        ),
        (
            "{% include '../dossiers/test/statement.md' %}",
            f"{TEMPLATE}:15:1: error[D410]: template name `../dossiers/test/statement.md` is not "
            "allowed: a template is named by its path inside templates/, such as "
            "`hrc-written-statement/notes.html.j2`\n"
            "  hint: write the name relative to templates/, without `..` or a leading `/`\n",
        ),
        (
            "{{ range(10)|attr('__class__') }}",
            f"{TEMPLATE}:15:4: error[D409]: the template sandbox refused this: access to "
            "attribute '__class__' of 'range' object is unsafe.\n"
            "  hint: a template may show the values it is given (c.title, c.body_html, …); it "
            "cannot reach Python's internals, and nothing in it runs a program\n",
        ),
    ],
    ids=["syntax", "undefined", "missing-include", "absolute-include", "dotdot-include", "attr"],
)
def test_a_broken_template_is_a_located_error_found_by_check(make_workspace, body, expected):
    root = make_workspace(files())
    override(root, body=body)
    for command in ("check", "build"):
        result = run_cli(command, cwd=root)
        assert result.code == 1
        assert result.problems == expected + "1 error found\n"
    assert not (root / "build").exists()


def test_an_include_through_a_linked_folder_does_not_read_outside(make_workspace, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.html").write_text(SECRET)
    root = make_workspace(files())
    override(root, body="{% include 'partials/secret.html' %}")
    (root / "templates" / "partials").symlink_to(outside)
    result = run_cli("build", cwd=root)
    assert result.code == 1
    assert result.problems == (
        "templates/partials/secret.html:1:1: error[D406]: template override "
        f"templates/partials/secret.html leads outside the workspace (to {outside}/secret.html); "
        "it was not used\n"
        "  hint: copy the template into templates/ instead of linking to it\n"
        "1 error found\n"
    )
    assert not (root / "build").exists()


def test_a_linked_stylesheet_is_refused_without_a_profile_of_its_own(make_workspace, tmp_path):
    """No profile.yaml beside it: only the loader's own confinement stands in the way."""
    (tmp_path / "evil.css").write_text(f"body::before {{ content: '{SECRET}' }}")
    root = make_workspace(files())
    (root / "templates" / PROFILE).mkdir(parents=True)
    (root / CSS).symlink_to(tmp_path / "evil.css")
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert result.problems.startswith(
        "dossiers/test/dossier.yaml:1:10: error[D406]: template override "
        f"{CSS} leads outside the workspace "
        f"(to {tmp_path}/evil.css); it was not used\n"
    )
    assert run_cli("build", cwd=root).code == 1
    assert not (root / "build").exists()


def test_a_template_not_in_utf8_or_too_large_is_located(make_workspace):
    root = make_workspace(files())
    override(root, body="<p>caf\xe9</p>")
    template = root / TEMPLATE
    template.write_bytes(template.read_text(encoding="utf-8").encode("latin-1"))
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert result.problems.startswith(
        f"{TEMPLATE}:15:7: error[D101]: {TEMPLATE} is not valid UTF-8 (byte 0xe9)\n"
    )
    template.write_text("<p>" + "x" * 20_000 + "</p>")
    result = run_cli("--max-file-size", "18KB", "check", cwd=root)  # wording.yaml is under
    assert result.code == 1
    assert result.problems.startswith(
        f"{TEMPLATE}:1:1: error[D110]: {TEMPLATE} is 20 KB, over the 18 KB limit\n"
    )


@pytest.mark.parametrize("profile", ["/etc", "../../outside", "hrc-written-statement/../x"])
def test_a_profile_is_named_never_given_as_a_path(make_workspace, tmp_path, profile):
    root = make_workspace(files())
    dossier = root / "dossiers/test/dossier.yaml"
    dossier.write_text(dossier.read_text().replace("hrc-written-statement", json.dumps(profile)))
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert result.problems == (
        f"dossiers/test/dossier.yaml:1:10: error[D105]: `profile` must be the name of a profile, "
        f"not a path: found {profile!r}\n"
        "  hint: write a name `dossier profiles` lists; a workspace's own profile is a folder "
        "of templates/, named by the folder's name\n"
        "1 error found\n"
    )


def test_every_template_and_partial_read_is_in_the_manifest(make_workspace):
    root = make_workspace(files())
    override(root, body="{% include 'hrc-written-statement/partial.html' %}")
    (root / "templates" / PROFILE / "partial.html").write_text("<p>A partial.</p>\n")
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    manifest = json.loads((root / "build/test/manifest.json").read_text())
    assert sorted(p for p in manifest["inputs"] if "templates/" in p) == [
        f"(built-in) templates/{PROFILE}/wording.yaml",  # the workspace's is laid over it
        f"templates/{PROFILE}/partial.html",
        f"templates/{PROFILE}/profile.yaml",
        CSS,
        TEMPLATE,
        f"templates/{PROFILE}/wording.yaml",
    ]
    assert "A partial." in (root / "build/test/test.html").read_text()
