"""Documentation that cannot drift from the code."""

from __future__ import annotations

import re
import sys

from conftest import REPO
from dossier.load.models import Dossier, EvidenceItem, EvidenceSource, Review, Session, Sponsor
from dossier.load.profiles import Committee, PackageSettings, ProfileSettings, WordSettings
from dossier.load.wording import Wording

sys.path.insert(0, str(REPO / "scripts"))
import update_docs  # noqa: E402


def test_problem_codes_page_is_current():
    page = (REPO / "docs" / "problems.md").read_text(encoding="utf-8")
    assert page == update_docs.problems_page(), "run: python scripts/update_docs.py"


def test_readme_cli_reference_is_current():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert update_docs.readme_with_reference(readme) == readme, "run: python scripts/update_docs.py"


def test_reference_page_documents_every_field():
    page = (REPO / "docs" / "reference.md").read_text(encoding="utf-8")
    for model in (EvidenceItem, EvidenceSource, Review, Dossier, Session, Sponsor):
        for name in model.model_fields:
            assert f"`{name}`" in page, f"{model.__name__}.{name} is not documented"


def _documented_keys(section: str) -> set[str]:
    """The keys named in the first column of the tables of docs/profiles.md's `section`."""
    page = (REPO / "docs" / "profiles.md").read_text(encoding="utf-8")
    text = page.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1] for line in text.splitlines() if line.startswith("| `")]
    return {key for cell in rows for key in re.findall(r"`([^`]+)`", cell)}


def test_profiles_page_documents_every_profile_key_and_no_other():
    expected = (
        set(ProfileSettings.model_fields)
        | {f"word.{name}" for name in WordSettings.model_fields}
        | {f"package.{name}" for name in PackageSettings.model_fields}
        | {f"committees.<CODE>.{name}" for name in Committee.model_fields}
    )
    assert _documented_keys("profile.yaml") == expected


def test_profiles_page_documents_every_wording_entry_and_no_other():
    expected = set(Wording.model_fields)
    for group in ("header", "notes", "dates", "quotes"):
        model = Wording.model_fields[group].annotation
        model = next(a for a in getattr(model, "__args__", (model,)) if a is not type(None))
        expected |= {f"{group}.{name}" for name in model.model_fields}
    assert _documented_keys("wording.yaml") == expected


def test_profiles_page_names_every_file_a_built_in_profile_holds():
    documented = _documented_keys("What a profile's folder holds")
    for profile in (REPO / "src" / "dossier" / "templates").iterdir():
        if not profile.name.startswith("_"):
            assert {p.name for p in profile.iterdir()} <= documented, profile.name
