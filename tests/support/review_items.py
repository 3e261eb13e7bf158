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

# Reviews recorded on 2025-11-20 (12:00 UTC), the day the documentation's round shows.
EPOCH_2025_11_20 = 1763640000
ON_2025_11_20 = {"SOURCE_DATE_EPOCH": str(EPOCH_2025_11_20)}
