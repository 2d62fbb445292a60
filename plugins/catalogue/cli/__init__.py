"""The `catalogue` command line and its local preview server."""
