"""gestadmin : le cœur métier (budget, factures, recettes, consolidation), sans dépendance à Excel."""

__version__ = "0.1.0"
