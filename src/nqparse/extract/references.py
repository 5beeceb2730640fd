"""PLACEHOLDER until the references extractor lands (issue 4)."""
def find_references(doc):
    return [], []
