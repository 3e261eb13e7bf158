"""The venue's wording comes from the profile, in the dossier's language: a French or Spanish
dossier is headed, dated and footnoted in French or Spanish, and a workspace's wording.yaml
replaces just the entries it holds."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import DOSSIER, files
from dossier import BUILTIN_TEMPLATES
from dossier.base.problem_codes import INVALID_PROFILE
from dossier.base.settings import BuildSettings
from dossier.build import BuildRequest, build
from dossier.load.profiles import load_profile

OVERRIDE = "templates/hrc-written-statement/wording.yaml"


def pdf_text(root: Path) -> str:
    """The PDF's text, read back, with its line breaks and runs of spaces made single spaces."""
    reader = PdfReader(root / "build/test/test.pdf")
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def in_language(language: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    dossier = DOSSIER.replace("language: en", f"language: {language}")
    return files({"dossiers/test/dossier.yaml": dossier, **(extra or {})})


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "fr",
            [
                "Nations Unies Assemblée générale Distr. générale 1er décembre 2025 "
                "Français seulement",
                "Conseil des droits de l’homme Soixante et unième session "
                "23 février-2 avril 2026 Point 4 de l’ordre du jour Situations relatives aux "
                "droits de l’homme qui requièrent l’attention du Conseil",
                "Exposé écrit* présenté par Test Association, organisation non gouvernementale "
                "dotée du statut consultatif spécial",
                "Le Secrétaire général a reçu l’exposé écrit suivant, qui est distribué "
                "conformément à la résolution 1996/31 du Conseil économique et social. "
                "[1er décembre 2025]",
                "* Publié tel quel, dans la/les langue(s) de soumission seulement.",
                "Amnesty International, « Blood-soaked secrets », 4 décembre 2018, p. 12. "
                "Disponible à l’adresse https://",
            ],
        ),
        (
            "es",
            [
                "Naciones Unidas Asamblea General Distr. general 1 de diciembre de 2025 "
                "Español únicamente",
                "Consejo de Derechos Humanos 61º período de sesiones "
                "23 de febrero a 2 de abril de 2026 Tema 4 de la agenda Situaciones de "
                "derechos humanos que requieren la atención del Consejo",
                "Exposición* presentada por Test Association, organización no gubernamental "
                "reconocida como entidad consultiva especial",
                "El Secretario General ha recibido la siguiente exposición escrita, que se "
                "distribuye de conformidad con la resolución 1996/31 del Consejo Económico y "
                "Social. [1 de diciembre de 2025]",
                "* Se distribuye sin revisión editorial, únicamente en el/los idioma(s) en que "
                "se presentó.",
                "Amnesty International, “Blood-soaked secrets”, 4 de diciembre de 2018, p. 12. "
                "Disponible en https://",
            ],
        ),
    ],
)
def test_a_dossier_is_worded_in_its_language(make_workspace, language, expected):
    root = make_workspace(in_language(language))
    build(BuildRequest(root, settings=BuildSettings.from_environment()))
    text = pdf_text(root)
    for line in expected:
        assert line in text
    for english in ("United Nations", "Human Rights Council", "Agenda item", "Available at"):
        assert english not in text


def test_ibid_and_pages_in_spanish(make_workspace):
    statement = "# Hechos\n\nMataron a miles [@amnesty-2018, p. 3]. Y a más [@amnesty-2018, 4-5].\n"
    root = make_workspace(in_language("es", {"dossiers/test/statement.md": statement}))
    build(BuildRequest(root, settings=BuildSettings.from_environment()))
    assert "2 Ibid., 4–5." in pdf_text(root)


def test_a_workspace_replaces_one_entry_and_keeps_the_others(make_workspace):
    override = """\
        # Only what this workspace words otherwise.
        en:
          notes:
            available_at: Retrieved from
          header:
            sponsors:
              special: {one: an NGO in special consultative status}
        """
    root = make_workspace(files())
    build(BuildRequest(root, settings=BuildSettings.from_environment()))
    assert "p. 12. Available at https://" in pdf_text(root)

    (root / OVERRIDE).parent.mkdir(parents=True)
    (root / OVERRIDE).write_text(override.replace("        ", ""), encoding="utf-8")
    (result,) = build(BuildRequest(root, settings=BuildSettings.from_environment())).results
    assert result.words is not None  # the added override made the build render again
    text = pdf_text(root)
    assert "p. 12. Retrieved from https://" in text
    assert "submitted by Test Association, an NGO in special consultative status" in text
    assert "United Nations General Assembly Distr.: General 1 December 2025" in text
    assert "Available at" not in text

    profile, problems = load_profile("hrc-written-statement", root)
    assert problems == [] and profile is not None
    assert profile.wording.en.header.sponsors.special.many == (
        "non-governmental organizations in special consultative status"
    )
    assert profile.wording.fr.notes.available_at == "Disponible à l’adresse"


def test_every_language_uses_the_names_english_does():
    """The three built-in tables agree: a pattern that dropped one of its names in a language
    would lose, say, the locator of an "Ibid." note. (A session is numbered in words or in
    figures, as each language heads it.)"""
    profile, problems = load_profile("hrc-written-statement", None)
    assert problems == [] and profile is not None

    def names(language: str) -> dict[str, set[str]]:
        table = profile.wording.in_language(language)
        return {
            f"{group}.{entry}": {f for _, f, _, _ in string.Formatter().parse(value) if f}
            for group in ("header", "notes", "dates")
            for entry, value in getattr(table, group)
            if isinstance(value, str)
        }

    english = names("en")
    assert english["notes.ibid_at"] == {"locator"}
    for language in ("fr", "es"):
        differing = {k for k, v in names(language).items() if v != english[k]}
        assert differing <= {"header.session"}, language
        assert names(language)["header.session"] & {"ordinal", "number"}
        table = profile.wording.in_language(language)
        assert table.header.agenda_items.keys() == profile.settings.agenda_items.keys()
        assert len(set(table.dates.months)) == 12


@pytest.mark.parametrize(
    "pattern, found",
    [
        ("Ibid., {locator:>100000000}.", "{locator:>100000000}"),  # no width to blow up
        ("Ibid., {locator.__class__}.", "{locator.__class__}"),  # no reaching into objects
        ("Ibid., {locator!r}.", "{locator!r}"),
        ("Ibid., {0}.", "{0}"),
    ],
)
def test_a_pattern_uses_only_its_names(make_workspace, pattern, found):
    root = make_workspace(files({OVERRIDE: f'es:\n  notes: {{ibid_at: "{pattern}"}}\n'}))
    profile, problems = load_profile("hrc-written-statement", root)
    assert profile is None
    assert [(str(p.location), p.code, p.message) for p in problems] == [
        (
            f"{OVERRIDE}:2:20",
            INVALID_PROFILE,
            "invalid venue profile: `ibid_at`: the pattern may use only {locator}, "
            f"found {found}",
        )
    ]


def test_an_unbalanced_brace_is_a_problem_not_a_crash(make_workspace):
    root = make_workspace(files({OVERRIDE: 'fr:\n  header: {session: "{ordinal session"}\n'}))
    _, problems = load_profile("hrc-written-statement", root)
    assert [p.message for p in problems] == [
        "invalid venue profile: `session`: expected '}' before end of string; "
        "write a brace as {{ or }}"
    ]


def test_a_wording_saved_again_is_read_again_in_the_same_process(make_workspace):
    """serve and watch keep one process: the parsed wording is kept by its text, so a saved
    change is seen at once, and a change back gives the first wording again."""
    root = make_workspace(files())
    (root / OVERRIDE).parent.mkdir(parents=True)
    for said in ("Retrieved from", "Consulted at", "Retrieved from"):
        (root / OVERRIDE).write_text(f"en:\n  notes:\n    available_at: {said}\n", "utf-8")
        profile, problems = load_profile("hrc-written-statement", root)
        assert problems == [] and profile is not None
        assert profile.wording.en.notes.available_at == said
    (root / OVERRIDE).write_text("en:\n  notes: [\n", encoding="utf-8")
    profile, problems = load_profile("hrc-written-statement", root)
    assert profile is None
    assert [p.code for p in problems] == [INVALID_PROFILE]


def test_a_profile_made_before_wording_yaml_is_worded_as_the_councils(make_workspace):
    """A workspace profile folder from before wording.yaml existed (profile.yaml and its
    templates, no wording.yaml, no wording_base) builds, in the built-in wording of the
    dossier's language, as `dossier new` starts such a profile from the Council's."""
    built_in = Path(BUILTIN_TEMPLATES, "hrc-written-statement")
    old_profile = {
        "templates/mine/profile.yaml": "title: Mine\n",
        "templates/mine/statement.html.j2": (built_in / "statement.html.j2").read_text("utf-8"),
        "templates/mine/statement.css": (built_in / "statement.css").read_text("utf-8"),
    }
    dossier = DOSSIER.replace("profile: hrc-written-statement", "profile: mine")
    for language, words in (("en", "Available at https://"), ("fr", "Disponible à l’adresse")):
        in_language = dossier.replace("language: en", f"language: {language}")
        root = make_workspace(files({"dossiers/test/dossier.yaml": in_language, **old_profile}))
        build(BuildRequest(root, settings=BuildSettings.from_environment()))
        assert words in pdf_text(root)
