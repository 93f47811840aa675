"""Uploads from the data page: an export file through a built-in profile, with the name, size
and type checked before anything touches the disk or the warehouse.

A file name comes from the browser and is not trusted: only its last path component is kept, it
must be a plain name with an allowed extension, and the file is written under
``<data>/uploads/`` with a timestamp prefix (never overwriting, never outside that folder).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from orchestration import flows
from pipelines import profiles
from pipelines.readers import InputError

ALLOWED_SUFFIXES = {".csv", ".xlsx", ".json", ".geojson"}
NAME_RE = re.compile(r"^[\w\u4e00-\u9fff][\w\u4e00-\u9fff .()\-]{0,119}$")


class UploadError(ValueError):
    """An upload refused (the message names the file and why). ``audited``: the load flow has
    already recorded the refusal in the audit log."""

    audited = False


def safe_name(name: str) -> str:
    """The file's plain name, or UploadError: path parts dropped, hidden and odd names refused."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not NAME_RE.match(base) or ".." in base:
        raise UploadError(f"{name!r}: not a plain file name (letters, digits, spaces, '.', '-', '_', '()')")
    if Path(base).suffix.lower() not in ALLOWED_SUFFIXES:
        raise UploadError(f"{base}: only {', '.join(sorted(ALLOWED_SUFFIXES))} files can be loaded")
    return base


def save(data: Path, name: str, content: bytes, max_bytes: int, now: dt.datetime | None = None) -> Path:
    """Write the upload under <data>/uploads/ and return its path."""
    base = safe_name(name)
    if len(content) > max_bytes:
        raise UploadError(f"{base}: {len(content):,} bytes, more than the {max_bytes:,} allowed")
    if not content:
        raise UploadError(f"{base}: the file is empty")
    folder = (data / "uploads").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    dest = (folder / f"{(now or dt.datetime.now()):%Y%m%d-%H%M%S}_{base}").resolve()
    if dest.parent != folder or dest.exists():
        raise UploadError(f"{base}: cannot be stored safely")
    dest.write_bytes(content)
    return dest


def load_upload(data: Path, profile_name: str, path: Path, actor: str) -> flows.LoadOutcome:
    """Load a saved upload through a built-in profile (profile files from users are CLI-only):
    the same flow as ``pipelines load`` (audited as an upload, touched scores refreshed)."""
    if profile_name not in profiles.builtin():
        path.unlink(missing_ok=True)
        raise UploadError(f"{profile_name!r}: not a built-in profile")
    try:
        return flows.load_files(data, profiles.resolve(profile_name), [path], actor=actor, action="upload")
    except InputError as exc:
        # refused whole: nothing was loaded, so the stored copy goes; the message names the
        # file as the person called it, not where the server keeps it
        path.unlink(missing_ok=True)
        refused = UploadError(str(exc).replace(str(path), path.name.split("_", 1)[-1]))
        refused.audited = True  # flows.load_files recorded it
        raise refused from exc
