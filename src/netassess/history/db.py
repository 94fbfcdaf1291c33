"""The history database: one row per attempt, one row per skill of each attempt.

SQLite in WAL mode with a busy timeout, so a cohort run's concurrent writers (threads or
processes) wait for each other instead of failing. The schema is versioned: ``schema_migrations``
lists the migrations applied, and a database written by a newer netassess is refused rather than
misread. No secret is ever stored: parameters are kept only as a keyed hash (see ``params_hash``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from netassess.errors import UsageError

HISTORY_ENV = "NETASSESS_HISTORY"
BUSY_TIMEOUT_MS = 10_000

# Each migration moves the schema up one version; never edit one that has shipped, add the next.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        recorded_at TEXT NOT NULL,
        started TEXT NOT NULL,
        duration_s REAL NOT NULL,
        mode TEXT NOT NULL,
        candidate TEXT,
        task_id TEXT NOT NULL,
        task_version TEXT NOT NULL,
        task_sha256 TEXT NOT NULL,
        params_hash TEXT NOT NULL,
        awarded REAL NOT NULL,
        possible REAL NOT NULL,
        percent REAL NOT NULL,
        grade TEXT NOT NULL,
        complete INTEGER NOT NULL,
        evidence TEXT,
        output TEXT,
        tool_version TEXT NOT NULL
    );
    CREATE INDEX attempts_candidate_task ON attempts (candidate, task_id, started);
    CREATE TABLE skill_scores (
        attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        skill TEXT NOT NULL,
        awarded REAL NOT NULL,
        possible REAL NOT NULL,
        PRIMARY KEY (attempt_id, skill)
    );
    """,
]


def default_history_path() -> Path:
    """``$NETASSESS_HISTORY``, else /var/lib/netassess/history.sqlite as root, else the user's data dir."""
    env = os.environ.get(HISTORY_ENV)
    if env:
        return Path(env)
    if os.geteuid() == 0:
        return Path("/var/lib/netassess/history.sqlite")
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local/share")
    return Path(base) / "netassess" / "history.sqlite"


@dataclass
class Attempt:
    """One recorded run or check (what ``netassess history`` shows and the chart draws)."""

    started: datetime
    duration_s: float
    mode: str
    candidate: str | None
    task_id: str
    task_version: str
    task_sha256: str
    params_hash: str
    awarded: float
    possible: float
    percent: float
    grade: str
    complete: bool
    skills: dict[str, tuple[float, float]] = field(default_factory=dict)  # skill -> (awarded, possible)
    evidence: str | None = None
    output: str | None = None
    tool_version: str = ""
    id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "started": self.started.isoformat(), "duration_s": self.duration_s, "mode": self.mode,
                "task_version": self.task_version, "params_hash": self.params_hash, "percent": self.percent,
                "grade": self.grade, "complete": self.complete, "evidence": self.evidence, "output": self.output,
                "skills": {s: {"awarded": a, "possible": p, "percent": self.skill_percent(s)} for s, (a, p) in self.skills.items()}}

    def skill_percent(self, skill: str) -> float | None:
        awarded, possible = self.skills.get(skill, (0.0, 0.0))
        return round(100 * awarded / possible, 1) if possible else None


class HistoryDB:
    """The database at ``path`` (created on first use with its parent directory, 0700)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.key_path = path.with_name(path.name + ".key")

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with closing(sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)) as conn:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._migrate(conn)
            yield conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")  # one migrator at a time; the others then see the new version
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)")
            current = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]
            if current > len(MIGRATIONS):
                raise UsageError(f"{self.path}: history schema version {current} is newer than this netassess "
                                 f"understands ({len(MIGRATIONS)}); upgrade netassess or use another --history-db")
            for version in range(current + 1, len(MIGRATIONS) + 1):
                for statement in MIGRATIONS[version - 1].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, datetime.now(UTC).isoformat()))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def schema_version(self) -> int:
        with self.connect() as conn:
            return int(conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0])

    def _key(self) -> bytes:
        """The secret key of this database's parameter hashes, in a 0600 file beside it (made once).

        Kept out of the database so a copied or shared history file cannot be used to brute-force a
        short secret parameter from its hash."""
        try:
            return bytes.fromhex(self.key_path.read_text().strip())
        except FileNotFoundError:
            pass
        key = secrets.token_bytes(32)
        try:
            fd = os.open(self.key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another writer made it first: use theirs
            return bytes.fromhex(self.key_path.read_text().strip())
        with os.fdopen(fd, "w") as fh:
            fh.write(key.hex())
        return key

    def params_hash(self, params: Mapping[str, Any]) -> str:
        """HMAC-SHA256 of the parameters (canonical JSON), keyed per database: equal parameters give
        equal hashes within one history, and no value can be recovered from it."""
        canonical = json.dumps(params, sort_keys=True, separators=(",", ":"), default=str)
        return hmac.new(self._key(), canonical.encode(), hashlib.sha256).hexdigest()[:32]

    def add(self, attempt: Attempt) -> int:
        with self.connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                cur = conn.execute(
                    "INSERT INTO attempts (recorded_at, started, duration_s, mode, candidate, task_id, task_version, "
                    "task_sha256, params_hash, awarded, possible, percent, grade, complete, evidence, output, tool_version) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (datetime.now(UTC).isoformat(), attempt.started.isoformat(), attempt.duration_s, attempt.mode,
                     attempt.candidate, attempt.task_id, attempt.task_version, attempt.task_sha256, attempt.params_hash,
                     attempt.awarded, attempt.possible, attempt.percent, attempt.grade, int(attempt.complete),
                     attempt.evidence, attempt.output, attempt.tool_version),
                )
                row_id = int(cur.lastrowid or 0)
                conn.executemany("INSERT INTO skill_scores VALUES (?, ?, ?, ?)",
                                 [(row_id, s, a, p) for s, (a, p) in sorted(attempt.skills.items())])
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        attempt.id = row_id
        return row_id

    def attempts(self, candidate: str | None = None, task: str | None = None) -> list[Attempt]:
        """Attempts, oldest first, filtered by candidate and/or task id."""
        where, args = [], []
        if candidate is not None:
            where.append("candidate = ?")
            args.append(candidate)
        if task is not None:
            where.append("task_id = ?")
            args.append(task)
        sql = "SELECT * FROM attempts" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY started, id"
        with self.connect() as conn:
            conn.row_factory = sqlite3.Row
            rows = conn.execute(sql, args).fetchall()
            skills: dict[int, dict[str, tuple[float, float]]] = {}
            ids = [r["id"] for r in rows]
            for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
                marks = ",".join("?" * len(chunk))
                for s in conn.execute(f"SELECT * FROM skill_scores WHERE attempt_id IN ({marks})", chunk):
                    skills.setdefault(s["attempt_id"], {})[s["skill"]] = (s["awarded"], s["possible"])
        return [Attempt(
            id=r["id"], started=datetime.fromisoformat(r["started"]), duration_s=r["duration_s"], mode=r["mode"],
            candidate=r["candidate"], task_id=r["task_id"], task_version=r["task_version"], task_sha256=r["task_sha256"],
            params_hash=r["params_hash"], awarded=r["awarded"], possible=r["possible"], percent=r["percent"],
            grade=r["grade"], complete=bool(r["complete"]), evidence=r["evidence"], output=r["output"],
            tool_version=r["tool_version"], skills=skills.get(r["id"], {}),
        ) for r in rows]
