"""PLACEHOLDER until the goals extractor lands (issue 3)."""
def find_goals(doc):
    return []
