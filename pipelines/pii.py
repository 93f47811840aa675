"""Personal data never reaches the warehouse in clear.

Identifiers become salted SHA-256 references (stable within one installation, so repeat
parties and repeat callers still link up, useless outside it). The salt is created on first
run in the data directory, outside the warehouse file, readable only by its owner.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import polars as pl

PHONE_RE = r"1[3-9]\d{9}"
ID_RE = r"\d{17}[\dXx]"


def salt(data: Path) -> bytes:
    """This installation's salt (created once, mode 0600)."""
    path = data / "secrets" / "pii_salt"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def ref(value: str, key: bytes) -> str:
    """A salted reference for one identifier (whitespace and case normalised first)."""
    norm = "".join(value.split()).upper()
    return hashlib.sha256(key + norm.encode("utf-8")).hexdigest()[:24]


def hash_column(series: pl.Series, key: bytes) -> pl.Series:
    """Hash each distinct value once (callers repeat: 10 M rows hold far fewer people)."""
    uniq = series.drop_nulls().unique()
    mapping = {v: ref(v, key) for v in uniq.to_list()}
    return series.replace_strict(mapping, default=None, return_dtype=pl.Utf8)


def mask_text(expr: pl.Expr) -> pl.Expr:
    """Mask phone and ID numbers that appear inside free text."""
    return expr.str.replace_all(ID_RE, "******************").str.replace_all(PHONE_RE, "1**********")


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: the surname stays so a reader can still follow the text."""
    return name[:1] + "*" * (len(name) - 1)
