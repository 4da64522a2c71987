"""Routes added to xlwings-server (`routers.custom` in the project dir)."""
