"""Network pages (pyvis, offline, escaped) and static figures (matplotlib)."""
