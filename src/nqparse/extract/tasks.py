"""PLACEHOLDER until the tasks extractor lands (issue 3)."""
def find_tasks(doc, bodies, references):
    return []
