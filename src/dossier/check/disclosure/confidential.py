"""Confidential evidence: an item marked `confidential: true` is never cited in a public build."""

from __future__ import annotations

from ...base.problem_codes import CONFIDENTIAL_ITEM_CITED
from ...base.problems import Problem
from ...load.models import EvidenceItem
from ...statement.markdown import Statement


def confidential_citation_problems(
    statement: Statement, evidence: dict[str, EvidenceItem]
) -> list[Problem]:
    """D811 at each citation of a confidential item: the public edition would print it."""
    return [
        Problem.of(
            CONFIDENTIAL_ITEM_CITED,
            citation.location,
            f"evidence `{item.key}` is confidential ({evidence[item.key].location}) "
            "and cannot be cited in a public build",
            "cite a public source for this sentence, or leave the citation to the internal "
            "review edition (`dossier build --edition review`)",
            subject=item.key,
        )
        for citation in statement.citations
        for item in citation.items
        if item.key in evidence and evidence[item.key].confidential
    ]
