"""gestadmin's Excel-facing layer: xlwings Server project (functions, routes, manifest) and classic add-in.

This folder is also xlwings-server's project directory (XLWINGS_PROJECT_DIR=addin): the server imports the
top-level modules `config`, `custom_functions`, `custom_scripts`, `routers.custom` and `auth.<provider>`
from here. Those are thin re-exports; the code lives in the `addin` package and calls gestadmin services.
"""
