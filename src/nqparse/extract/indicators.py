"""PLACEHOLDER until the indicators extractor lands (issue 3)."""
def find_indicators(doc, bodies):
    return [], []
