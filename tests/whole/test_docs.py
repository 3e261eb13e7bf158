"""Documentation that cannot drift from the code."""

from __future__ import annotations

import sys

from conftest import REPO
from dossier.load.models import Dossier, EvidenceItem, EvidenceSource, Review, Session, Sponsor
from dossier.load.profiles import ProfileSettings

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
    for model in (EvidenceItem, EvidenceSource, Review, Dossier, Session, Sponsor, ProfileSettings):
        for name in model.model_fields:
            assert f"`{name}`" in page, f"{model.__name__}.{name} is not documented"
