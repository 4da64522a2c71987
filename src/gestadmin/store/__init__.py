"""Transactional state (numbering sequences, audit journal, read cache): SQLAlchemy, SQLite by default."""
