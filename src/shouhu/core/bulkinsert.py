"""Raw bulk inserts for the write paths that run at machine rates (the bulk push, `ledger.append_many`).

`bulk_create` builds a model instance per row and, on PostgreSQL, one multi-row VALUES statement that
the server must parse whole. These helpers take plain tuples instead: executemany on SQLite (in-process,
fast), COPY on PostgreSQL (executemany would cost a round trip per row). Both run in the caller's
transaction, which must hold the write lock for `reserve_ids` to be safe on SQLite.
"""

from __future__ import annotations

from django.db import connection, models


def insert_rows(model: type[models.Model], columns: list[str], rows: list[tuple]) -> None:
    """Insert `rows` (tuples in `columns` order, values already adapted for the database)."""
    if not rows:
        return
    qn = connection.ops.quote_name
    table, cols = qn(model._meta.db_table), ", ".join(qn(c) for c in columns)
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.connection.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cur:
        for i in range(0, len(rows), 5000):
            cur.executemany(sql, rows[i : i + 5000])


def reserve_ids(model: type[models.Model], n: int) -> list[int]:
    """n primary keys for explicit inserts, inside the caller's (write-locking) transaction."""
    if n <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # n values of the sequence, each ours alone (nextval), but sent back as one row: the range when
            # they are consecutive (the usual case), the array only when another session's nextval came
            # between. Fetching 10,000 one-column rows cost a quarter of a 10,000-reading push.
            cur.execute(
                "SELECT min(v), max(v), CASE WHEN max(v) - min(v) + 1 = count(*) THEN NULL "
                "ELSE array_agg(v ORDER BY v) END "
                "FROM (SELECT nextval(pg_get_serial_sequence(%s, 'id')) AS v FROM generate_series(1, %s)) s",
                [table, n],
            )
            lo, hi, scattered = cur.fetchone()
            return list(scattered) if scattered is not None else list(range(lo, hi + 1))
        # SQLite: the transaction holds the write lock (IMMEDIATE), so max(id) cannot move under us
        cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        start = cur.fetchone()[0]
    return list(range(start + 1, start + n + 1))


def copy_text(model: type[models.Model], columns: list[str], lines: list[str]) -> None:
    """PostgreSQL only: COPY rows already written as text-format lines (tab-separated, `\\N` for NULL,
    values escaped by the caller with `copy_escape`), in one write — for the hottest path, where psycopg's
    per-row `write_row` is a third of the time."""
    qn = connection.ops.quote_name
    table, cols = qn(model._meta.db_table), ", ".join(qn(c) for c in columns)
    connection.ensure_connection()
    with connection.connection.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
        copy.write("".join(lines))


def copy_escape(text: str) -> str:
    """A text value for COPY's text format."""
    if not any(c in text for c in "\\\t\n\r"):
        return text
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
