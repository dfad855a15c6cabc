"""Commands: filled in by its issue (placeholder until then)."""
