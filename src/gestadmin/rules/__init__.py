"""Checks over typed register tables: `check_x(...) -> list[Finding]`; registries are plain lists."""
