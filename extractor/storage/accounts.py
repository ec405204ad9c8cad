"""Office accounts for the web app: names, argon2 password hashes and roles.

reader  reads every page and export
editor  also drops in notices, corrects tasks and records their progress
admin   also manages accounts (from the command line: `notices users`)
"""
from __future__ import annotations

from datetime import datetime, timezone

import sqlite_utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..errors import InvalidQuery
from .schema import write_transaction

ROLES = ("reader", "editor", "admin")
MIN_PASSWORD = 10
_HASHER = PasswordHasher()


def create_user(db: sqlite_utils.Database, name: str, password: str, role: str) -> None:
    """Add an account, or set a new password and role for an existing one.

    Raises:
        InvalidQuery: an empty name, an unknown role, or a password shorter than MIN_PASSWORD.
    """
    name = name.strip()
    if not name:
        raise InvalidQuery("user", "needs a name")
    if role not in ROLES:
        raise InvalidQuery("--role", f"is {role!r}; use one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise InvalidQuery("password", f"must have at least {MIN_PASSWORD} characters")
    with write_transaction(db):
        db.execute("INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash, "
                   "role = excluded.role",
                   [name, _HASHER.hash(password), role,
                    datetime.now(timezone.utc).isoformat(timespec="seconds")])


def verify_user(db: sqlite_utils.Database, name: str, password: str) -> dict | None:
    """The account {name, role} when the password is right, else None (the same answer
    for an unknown name and a wrong password)."""
    row = db.execute("SELECT name, password_hash, role FROM users WHERE name = ?",
                     [name.strip()]).fetchone()
    if row is None:
        _HASHER.hash(password)        # the same time for an unknown name
        return None
    try:
        _HASHER.verify(row[1], password)
    except (VerificationError, InvalidHashError):
        return None
    return {"name": row[0], "role": row[2]}


def list_users(db: sqlite_utils.Database) -> list[dict]:
    """Every account: name, role, created_at."""
    return [dict(r) for r in db.query("SELECT name, role, created_at FROM users ORDER BY name")]


def has_admin(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM users WHERE role = 'admin'").fetchone() is not None


def can(role: str | None, action: str) -> bool:
    """Whether a role may "read" or "edit" (editor and admin edit)."""
    return role in ROLES and (action == "read" or role in ("editor", "admin"))
