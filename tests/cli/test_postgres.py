"""The command line on a PostgreSQL workspace, where it differs from a SQLite file: how the connection is
named and refused, the schema made on first use (once, even by processes starting together), a schema
from a newer tminus or a database of another program refused, passwords kept out of every message, and
backup pointing at pg_dump. Runs on a throwaway cluster of its own (tests/pg.py)."""
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import harness  # noqa: E402
import pg  # noqa: E402


def setUpModule():
    global CLUSTER
    CLUSTER = pg.Cluster()
    # Password sign-in for every role but the cluster's owner, so that a wrong password can be refused.
    hba = os.path.join(CLUSTER.data, "pg_hba.conf")
    with open(hba, "w") as f:
        f.write(f"local all {pg.USER} trust\nlocal all all scram-sha-256\n")
    CLUSTER._as_server(["pg_ctl", "-D", CLUSTER.data, "reload"], what="pg_ctl reload")
    CLUSTER.query(CLUSTER.uri("postgres"), "CREATE ROLE alice LOGIN PASSWORD 'right-horse'")


def tearDownModule():
    CLUSTER.close()


def migrations():
    """How many migrations this tminus has: a new SQLite workspace's user_version (the engines have the same)."""
    import sqlite3
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "n.db")
        subprocess.run([harness.TMINUS, "--db", path, "person", "list"], check=True, capture_output=True,
                       env=harness.environment("t"))
        con = sqlite3.connect(path)
        try:
            return con.execute("PRAGMA user_version").fetchone()[0]
        finally:
            con.close()


class Postgres(harness.WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.db = CLUSTER.database()

    def tearDown(self):
        CLUSTER.drop(self.db)
        super().tearDown()

    def refused(self, db, code, words, env=None):
        p = self.bare("--db", db, "person", "list", code=code, env=env)
        self.assertTrue(p.stderr.startswith("tminus: error: "), p.stderr)
        self.assertEqual(p.stderr.count("\n"), 1, "one line: " + p.stderr)
        for w in words:
            self.assertIn(w, p.stderr)
        return p

    def test_first_command_makes_the_schema(self):
        self.tm("person", "add", "Ana Silva", "--role", "pm")
        self.assertEqual(CLUSTER.query(self.db, "SELECT version FROM tminus_schema"), [(migrations(),)])
        self.assertEqual(self.js("person", "list")[0]["name"], "Ana Silva")

    def test_processes_starting_together_migrate_once(self):
        procs = [subprocess.Popen([harness.TMINUS, "--db", self.db, "--json", "person", "list"], env=self.env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(6)]
        for p in procs:
            out, err = p.communicate(timeout=60)
            self.assertEqual(p.returncode, 0, err)
            self.assertEqual(out.strip(), "[]")
        self.assertEqual(CLUSTER.query(self.db, "SELECT count(*), max(version) FROM tminus_schema"), [(1, migrations())])

    def test_servers_starting_together_make_one_admin(self):
        procs = [subprocess.Popen([harness.TMINUS, "--db", self.db, "serve", "--listen", "127.0.0.1:0"],
                                  env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True) for _ in range(3)]
        logs = []
        try:
            for p in procs:
                log = ""
                while "serving " not in log:   # the line every server prints once it listens
                    line = p.stderr.readline()
                    if not line:
                        break
                    log += line
                logs.append(log)
        finally:
            for p in procs:
                p.terminate()
                p.wait(20)
        self.assertEqual(sum("created user 'admin'" in log for log in logs), 1, logs)
        self.assertEqual(sum("serving postgresql://" in log for log in logs), 3, logs)
        self.assertEqual(CLUSTER.query(self.db, "SELECT name FROM users"), [("admin",)])

    def test_newer_schema_is_refused(self):
        self.tm("person", "list")
        CLUSTER.query(self.db, "UPDATE tminus_schema SET version = 99")
        self.refused(self.db, 1, ["newer tminus", "schema 99"])

    def test_database_of_another_program_is_refused(self):
        CLUSTER.query(self.db, "CREATE TABLE invoices(id int)")
        self.refused(self.db, 2, ["not a tminus workspace"])
        self.assertEqual(CLUSTER.query(self.db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), [(1,)])

    def test_unreachable_server(self):
        p = self.refused(f"postgresql:///x?host={self.dir}&port=1", 3, ["cannot connect to", "No such file"])
        self.assertNotIn("Is the server running", p.stderr)

    def test_missing_database(self):
        self.refused(CLUSTER.uri("nosuchdb"), 3, ["database \"nosuchdb\" does not exist"])

    def test_malformed_connection_string(self):
        p = self.refused("postgresql://alice:s3cret@[::1", 2, ["invalid PostgreSQL connection string"])
        self.assertNotIn("s3cret", p.stderr)
        self.refused("host=/tmp dbname", 2, ["invalid PostgreSQL connection string", "missing \"=\""])

    def test_wrong_password_is_named_and_masked(self):
        uri = f"postgresql://alice:wrong-horse@/postgres?host={CLUSTER.dir}&port={CLUSTER.port}"
        p = self.bare("--db", uri, "person", "list", code=2)
        warning, error = p.stderr.splitlines()
        # The password in the string is warned about, on the line before the error; neither shows it.
        self.assertTrue(warning.startswith("tminus: warning: the connection string holds a password"), warning)
        self.assertTrue(error.startswith("tminus: error: cannot connect to postgresql://alice@"), error)
        self.assertIn("password authentication failed for user \"alice\"", error)
        self.assertNotIn("wrong-horse", p.stderr)

    def test_password_from_the_environment(self):
        name = CLUSTER.database()
        CLUSTER.query(CLUSTER.uri("postgres"), f"GRANT ALL ON DATABASE {pg._uri_dbname(name)} TO alice")
        CLUSTER.query(name, "GRANT ALL ON SCHEMA public TO alice")
        uri = f"postgresql://alice@/{pg._uri_dbname(name)}?host={CLUSTER.dir}&port={CLUSTER.port}"
        env = dict(self.env, PGPASSWORD="right-horse")
        p = self.bare("--db", uri, "--json", "person", "list", env=env)
        self.assertEqual(p.stdout.strip(), "[]")
        self.assertNotIn("warning", p.stderr)
        env = dict(self.env, PGPASSWORD="wrong-horse", TMINUS_DB=uri)
        p = self.bare("person", "list", code=2, env=env)
        self.assertIn("password authentication failed", p.stderr)
        CLUSTER.drop(name)

    def test_backup_says_pg_dump(self):
        self.tm("person", "list")
        p = self.tm("backup", os.path.join(self.dir, "b.dump"), code=2)
        self.assertIn("pg_dump", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "b.dump")))

    def test_demo_names_the_database_without_password(self):
        d = self.js("demo")
        self.assertTrue(d["db"].startswith("postgresql://"), d["db"])
        self.assertGreater(d["launches"], 0)


if __name__ == "__main__":
    harness.main()
