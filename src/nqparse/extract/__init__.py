"""Extractors: each reads a StructuredDocument and returns items with their spans."""
