"""Reproducible demo data for a resources service in Nouméa (seeded)."""
