"""Coverage-guided fuzzing (atheris) of the C front end, pyas's statement readers and pyld's
readers; see tests/fuzz/run.py and docs/testing-random.md."""
