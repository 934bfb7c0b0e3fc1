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


def test_tests_and_their_reasons():
    from tests.programs.redis import parse_tests
    out = ("[\x1b[0;32;49mok\x1b[0m]: LPUSH (12 ms)\n[ok]: PING\n"
           "[\x1b[0;31;49merr\x1b[0m]: EVAL - cmsgpack in tests/unit/scripting.tcl\n"
           "Expected 1 got 2\n[skip]: A slow one\n[ok]: EVAL - cmsgpack (3 ms)\n")
    t = parse_tests(out)
    assert t["LPUSH"] == ("ok", "") and t["PING"] == ("ok", "")
    assert t["EVAL - cmsgpack"] == ("err", "Expected 1 got 2")    # a failure is kept
    assert t["A slow one"] == ("skip", "")


def test_compare_with_the_gcc_build():
    from tests.programs.redis import compare_tests
    mine = {"a": ("ok", ""), "b": ("err", "x"), "c": ("err", "y"), "d": ("ok", "")}
    ref = {"a": ("ok", ""), "b": ("err", "z"), "c": ("ok", ""), "d": ("err", "w"),
           "e": ("ok", "")}
    passed, failed, other = compare_tests(mine, ref)
    assert passed == 3 and [n for n, _ in failed] == ["c"]
    assert sorted(n for n, _ in other) == ["b", "d", "e"]
    assert compare_tests(mine, None)[0] == 2


def test_units_done_and_started():
    from tests.programs.redis import unit_progress
    out = ("Testing unit/a\nTesting unit/b\n[1/3 \x1b[0;33;49mdone\x1b[0m]: unit/a (4 seconds)\n"
           "[exception]: Executing test client: boom\n")
    done, started = unit_progress(out)
    assert done == {"unit/a"} and started == {"unit/a", "unit/b"}
