"""Pure writers: the frozen catalogue in, `{path: bytes}` out."""
