"""Random-program differential testing (csmith and tests/random/gen.py) and determinism tests."""
