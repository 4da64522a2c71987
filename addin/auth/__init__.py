"""Auth providers for xlwings-server (`auth.<provider>` in the project dir): `bearer` (intranet tokens)."""
