"""tests/programs/redis.py: runtest's output read per unit (the build itself runs in the
harness, `python -m tests.programs redis`, not here)."""
from tests.programs.redis import parse_runtest

UNITS = ["unit/type/list", "unit/scripting", "integration/rdb"]


def test_all_ok():
    out = ("[ready]: 1\nTesting unit/type/list\n\x1b[0;32;49mok\x1b[0m\n"
           "[\x1b[0;32;49mok\x1b[0m]: LPUSH (12 ms)\n\\o/ All tests passed without errors!\n")
    assert parse_runtest(out, 0, UNITS) == {u: "ok" for u in UNITS}


def test_err_goes_to_its_unit():
    out = ("Testing unit/scripting\n[\x1b[0;31;49merr\x1b[0m]: EVAL - cmsgpack in "
           "tests/unit/scripting.tcl\nExpected 1 got 2\nTesting integration/rdb\n"
           "[exception]: Executing test client: I/O error\n")
    r = parse_runtest(out, 1, UNITS)
    assert r["unit/type/list"] == "ok"
    assert r["unit/scripting"].startswith("[err]: EVAL - cmsgpack")
    assert r["integration/rdb"].startswith("[exception]:")


def test_failed_run_without_err_lines():
    r = parse_runtest("Testing unit/type/list\nsome crash\n", 1, UNITS)
    assert r["runtest"].startswith("exit 1")
