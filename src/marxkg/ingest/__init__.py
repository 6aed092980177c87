"""Stage 1: bytes -> `Document`."""
