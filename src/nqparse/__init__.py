"""nqparse — Vietnamese Party and State resolutions into tracking workbooks, plans and citation graphs."""
from __future__ import annotations

from .errors import BadInputError, NqparseError

__version__ = "0.1.0"
__all__ = ["parse", "analyse", "load", "plan", "index", "BadInputError", "NqparseError", "__version__"]


def __getattr__(name: str):
    # The API is imported lazily so that `import nqparse` (and `nqparse --help`) stays light.
    if name in {"parse", "analyse", "load", "extract", "plan", "index"}:
        from . import api

        return getattr(api, name)
    raise AttributeError(name)
