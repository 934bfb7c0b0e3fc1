/* SQLite workload for tests/bench/run.py: deterministic output, in memory. */
#include <stdio.h>
#include "sqlite3.h"

static int cb(void *u, int n, char **v, char **c)
{
  (void)u; (void)c;
  for (int i = 0; i < n; i++)
    printf("%s%s", i ? "|" : "", v[i] ? v[i] : "NULL");
  printf("\n");
  return 0;
}

int main(void)
{
  sqlite3 *db;
  char *err = 0;
  static const char *sql[] = {
    "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c REAL, d INTEGER);",
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM n WHERE x<200000) "
    "INSERT INTO t SELECT x, printf('row%06d', x*7919 % 100003), x*0.25, x % 97 FROM n;",
    "CREATE INDEX tb ON t(b);",
    "CREATE INDEX td ON t(d, c);",
    "SELECT count(*), sum(a), round(avg(c),3), min(b), max(b) FROM t;",
    "SELECT d, count(*), round(sum(c),2) FROM t GROUP BY d ORDER BY 3 DESC LIMIT 5;",
    "SELECT count(*) FROM t AS x JOIN t AS y ON x.a = y.d * 1000 WHERE x.b > 'row05';",
    "UPDATE t SET c = c * 2 WHERE d < 10;",
    "DELETE FROM t WHERE a % 5 = 0;",
    "SELECT count(*), round(sum(c),2), group_concat(a) FILTER (WHERE a < 30) FROM t;",
    "SELECT b FROM t ORDER BY b DESC LIMIT 3;",
    0 };
  if (sqlite3_open(":memory:", &db)) {
    printf("open failed\n");
    return 1;
  }
  for (int i = 0; sql[i]; i++)
    if (sqlite3_exec(db, sql[i], cb, 0, &err) != SQLITE_OK) {
      printf("error: %s\n", err);
      return 1;
    }
  sqlite3_close(db);
  return 0;
}
