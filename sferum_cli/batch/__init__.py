"""Batch build: many school files → a folder of documents per school + manifest."""
