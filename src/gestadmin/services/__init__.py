"""Use cases: the only package that combines io, rules and store. One module per area."""
