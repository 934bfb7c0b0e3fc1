"""Real programs built with pycc (issue 16): Python C extensions from their sdists, Redis."""
