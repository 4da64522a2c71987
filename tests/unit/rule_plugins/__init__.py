"""Rule modules loaded through the `gestadmin.regles` entry points by the rule-loading tests."""
