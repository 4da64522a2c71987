"""Domain models and pure calculations (no file access, no Excel)."""
