"""Signing the export record of a task workbook with the database's own secret.

The record (scope and task list, see ``ledger``) travels in the workbook's very hidden sheet, so
whoever receives the file can rewrite it. It is therefore signed with an HMAC-SHA256 keyed by a
random secret that migration 0005 generates once per database and that never leaves it;
``import-progress`` refuses a record whose signature does not verify: rewritten, or exported
from another database.

Why a signature rather than keeping every export record in the database by id: exporting stays
a read-only operation (no row per export, nothing that grows or needs cleaning up, works while
another window writes), the record keeps travelling with the file it describes, and a copy or
backup of the database still reads back its workbooks. Anyone who can read the database file
could forge a signature, but such a person can change the reviews directly anyway.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import exists, insert, literal, select
from sqlalchemy.orm import Session

from gzviewer.store.models import ExportKey

KEY_ROW = 1
KEY_BYTES = 32


def export_secret(session: Session, *, create: bool = False) -> bytes | None:
    """The database's signing key; made when missing only if ``create`` (an export, never an import)."""
    secret = session.scalar(select(ExportKey.secret).order_by(ExportKey.id).limit(1))
    if secret is None and create:
        # One statement, so two writers cannot both add a key (migration 0005 normally made it).
        candidate = select(literal(KEY_ROW), literal(secrets.token_hex(KEY_BYTES))) \
            .where(~exists().where(ExportKey.id.is_not(None)))
        session.execute(insert(ExportKey).from_select(["id", "secret"], candidate))
        secret = session.scalar(select(ExportKey.secret).order_by(ExportKey.id).limit(1))
    return secret.encode("utf-8") if secret else None


def signing_key(session: Session) -> bytes:
    """The key an export signs its record with, made on the first export."""
    secret = export_secret(session, create=True)
    assert secret is not None  # made just above when it was missing
    return secret


def sign(secret: bytes, message: bytes) -> str:
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def verifies(secret: bytes | None, message: bytes, signature: str) -> bool:
    """True when ``signature`` is this database's signature of ``message``."""
    return secret is not None and hmac.compare_digest(sign(secret, message), signature)
