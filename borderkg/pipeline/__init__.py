"""The ingest pipeline: discover -> load -> build -> stage -> match -> commit."""
