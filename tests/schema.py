"""The schema's numbered migrations as the source states them (src/store/sqlite_schema.c), so a
test can build a workspace as an older tminus left it: migrations()[:6] is schema 6."""
import os
import re

SRC = os.environ.get("TMINUS_SRC", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def migrations():
    """The SQL of every migration: adjacent C string literals make one; commas separate them."""
    with open(os.path.join(SRC, "src", "store", "sqlite_schema.c"), encoding="utf-8") as f:
        text = f.read()
    body = text[text.index("tm_sqlite_migrations[] = {") + len("tm_sqlite_migrations[] = {"):]
    body = body[:body.index("\n};")]
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    out, current = [], ""
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"|(,)', body):
        if m.group(2):
            out.append(current)
            current = ""
        else:
            current += m.group(1).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
    if current.strip():
        out.append(current)
    return out


def create(path, version):
    """A workspace file at schema `version`, as tminus would have left it (unmarked, no rows)."""
    import sqlite3
    con = sqlite3.connect(path)
    try:
        for sql in migrations()[:version]:
            con.executescript(sql)
        con.execute(f"PRAGMA user_version = {version}")
    finally:
        con.close()
