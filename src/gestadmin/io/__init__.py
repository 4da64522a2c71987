"""File I/O: the only package that touches files (layouts, reader, writer, templates)."""
