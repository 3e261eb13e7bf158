"""Facts of the repository's example workspace (dossiers/, evidence/) that tests of several
stages rely on."""

from __future__ import annotations

# The Third Committee dossier, its evidence file, and the items that file holds, in order.
THIRD = "hrc-2025-third-committee-resolution"
THIRD_EVIDENCE = "evidence/third-committee-2025.yaml"
THIRD_ITEMS = [
    "third-committee-vote-2025",
    "resolution-paragraph-29",
    "fars-editorial-2025",
    "experts-statement-2025",
    "executions-pezeshkian-2025",
    "ehsani-hassani-2025",
    "sr-findings-2024",
    "commission-of-inquiry-call-2020",
]

# An item nobody cites, to append to THIRD_EVIDENCE, holding the name of a witness who must
# never be named publicly.
WITNESS = """
- id: witness-statement
  claim: A witness described the 1988 executions at a prison in Tehran.
  sources:
    - cite: iranfreedom-2025
  confidential: true
  restricted: ["Leila Farahani"]
"""

# The line heading every page of a draft (and starting its Word file): the example dossiers
# leave facts unstated that their sources do not give, so each of them is a draft.
DRAFT_LINE = "Draft – not for submission: facts are still to be filled in"
