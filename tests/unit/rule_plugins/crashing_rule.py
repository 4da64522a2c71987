"""A rule module whose import raises something other than an ImportError."""

raise ValueError("règle qui plante à l'import")
