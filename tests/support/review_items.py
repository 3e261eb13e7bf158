"""Evidence items the review tests add to conftest's one-dossier workspace: a second cited
item (`inquiry`), and a confidential witness whose name is restricted (`witness`)."""

INQUIRY = """\
- id: inquiry
  claim: Amnesty International called for an independent inquiry.
  sources:
    - cite: amnesty-2018
      locator: p. 12
"""

WITNESS = """\
- id: witness
  claim: A witness saw the executions.
  sources:
    - cite: amnesty-2018
  confidential: true
  restricted: ["Leila Farahani"]
"""
