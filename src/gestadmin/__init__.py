"""gestadmin : le cœur métier (budget, factures, recettes, consolidation), sans dépendance à Excel."""

import pandas as _pd

__version__ = "0.1.0"

# pandas' `str` dtype is backed by pyarrow whenever pyarrow is importable, and arrow's text kernels differ from
# Python's (`"ß".upper()`, regular-expression syntax): gestadmin's rules are written and tested against Python's
# semantics, so text columns keep Python storage whatever else is installed beside it.
_pd.set_option("mode.string_storage", "python")
