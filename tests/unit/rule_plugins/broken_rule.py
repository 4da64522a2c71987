"""A plugin module that fails on import."""

raise ImportError("module de règles cassé")
