"""Accounts (Argon2, lockout) and the tamper-evident audit log, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from dashboard.__main__ import main as dashboard_main
from warehouse.accounts import AccountError, Accounts, delay_after
from warehouse.audit import GENESIS, AuditLog, entry_hash

T0 = dt.datetime(2026, 11, 26, 9, 0)


def test_accounts_hash_passwords_and_sign_in(store_url: str):
    accounts = Accounts(store_url)
    password = accounts.add("wang.li", "reviewer", "street", "330125002")
    with accounts.engine.connect() as con:  # closed at once: an open read blocks the schema's DROP on PostgreSQL
        stored = con.execute(sa.text("SELECT password_hash FROM users")).scalar()
    assert stored.startswith("$argon2id$") and password not in stored
    user = accounts.authenticate("wang.li", password)
    assert (user.role, user.scope_kind, user.scope_code, user.must_change) == ("reviewer", "street", "330125002", True)
    accounts.change_password("wang.li", password, "a-longer-secret")
    assert accounts.authenticate("wang.li", "a-longer-secret").must_change is False
    with pytest.raises(AccountError, match="password: at least"):
        accounts.change_password("wang.li", "a-longer-secret", "short")
    accounts.dispose()


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("x", "reviewer"), "username"),
        (("robert'); DROP TABLE users;--", "admin"), "username"),
        (("zhang", "boss"), "role"),
        (("zhang", "analyst", "street", "33012500"), "scope"),
        (("zhang", "analyst", "district", "330125"), "scope"),
    ],
)
def test_bad_accounts_are_refused_naming_the_field(store_url: str, args, field):
    accounts = Accounts(store_url)
    with pytest.raises(AccountError, match=field):
        accounts.add(*args)
    assert accounts.list() == []
    accounts.dispose()


def test_failures_slow_down_then_lock(store_url: str):
    accounts = Accounts(store_url)
    password = accounts.add("zhao", "analyst")
    for _ in range(5):
        with pytest.raises(AccountError, match="sign-in failed"):
            accounts.authenticate("zhao", "wrong", now=T0)
    assert accounts.failures("zhao") == 5
    # locked: even the right password fails for 15 minutes, then works again
    with pytest.raises(AccountError):
        accounts.authenticate("zhao", password, now=T0 + dt.timedelta(minutes=14))
    assert accounts.authenticate("zhao", password, now=T0 + dt.timedelta(minutes=30)).username == "zhao"
    assert [delay_after(n) for n in (0, 1, 2, 3, 6, 9)] == [0.0, 0.25, 0.5, 1.0, 4.0, 4.0]
    # unknown and disabled accounts get the same message
    with pytest.raises(AccountError, match="sign-in failed"):
        accounts.authenticate("nobody", "x")
    accounts.disable("zhao")
    with pytest.raises(AccountError, match="sign-in failed"):
        accounts.authenticate("zhao", password, now=T0 + dt.timedelta(hours=2))
    accounts.dispose()


def test_audit_chain_verifies_and_shows_tampering(store_url: str):
    log = AuditLog(store_url)
    log.append("cli:root", "user_add", "wang", {"role": "reviewer"}, at=T0)
    log.append("reviewer:张审核", "alert_review", "a1b2", {"action": "confirm"}, at=T0 + dt.timedelta(minutes=1))
    log.append("dashboard", "export", "explorer cases", {"rows": 12}, at=T0 + dt.timedelta(minutes=2))
    first = log.entries()[-1]
    assert first["prev_hash"] == GENESIS
    assert first["hash"] == entry_hash(GENESIS, T0, "cli:root", "user_add", "wang", '{"role": "reviewer"}')
    v = log.verify()
    assert (v.ok, v.entries, v.head) == (True, 3, log.entries()[0]["hash"])
    # the table refuses edits; with the trigger dropped, an edit is caught by the chain
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), log.engine.begin() as con:
        con.exec_driver_sql("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2")
    with log.engine.begin() as con:
        if log.engine.dialect.name == "sqlite":
            con.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        else:
            con.exec_driver_sql("DROP TRIGGER audit_log_append_only ON audit_log")
        con.exec_driver_sql("UPDATE audit_log SET detail = '{\"rows\": 1}' WHERE seq = 3")
    v = log.verify()
    assert (v.ok, v.first_bad) == (False, 3) and "changed" in v.reason
    log.dispose()


def test_unknown_audit_action_is_refused(store_url: str):
    log = AuditLog(store_url)
    with pytest.raises(ValueError, match="unknown audit action"):
        log.append("x", "drop_everything")
    log.dispose()


def test_users_command_logs_every_change(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)
    data = ["--data", str(tmp_path)]
    assert dashboard_main([*data, "users", "add", "li.na", "--role", "assessor", "--community", "330125002003"]) == 0
    out = capsys.readouterr().out
    password = out.rsplit(": ", 1)[1].strip()
    assert len(password) >= 16
    assert dashboard_main([*data, "users", "add", "li.na", "--role", "assessor"]) == 2
    assert "exists already" in capsys.readouterr().err
    assert dashboard_main([*data, "users", "disable", "li.na"]) == 0
    assert dashboard_main([*data, "users", "reset", "li.na"]) == 0
    capsys.readouterr()
    assert dashboard_main([*data, "audit", "verify"]) == 0
    assert "intact: 3 entries" in capsys.readouterr().out
    log = AuditLog(f"sqlite:///{tmp_path / 'operational.db'}")
    assert [e["action"] for e in log.entries()] == ["user_reset", "user_disable", "user_add"]
    assert password not in str(log.entries())  # the one-time password is never logged
    log.dispose()


@pytest.mark.parametrize("attack", ["truncate", "rehash"])
def test_the_anchor_catches_truncation_and_a_rehashed_chain(store_url: str, tmp_path: Path, attack: str):
    """Someone who can write the store drops the triggers, then either deletes the newest entries
    (the rest of the chain still verifies) or rewrites an entry and re-hashes everything after it
    (a consistent new chain). Only the heads appended to the anchor file elsewhere show either."""
    anchor = tmp_path / "elsewhere" / "audit-anchor.log"
    log = AuditLog(store_url, anchor)
    for i in range(4):
        log.append("cli:root", "user_add", f"user{i}", {"role": "analyst"}, at=T0 + dt.timedelta(minutes=i))
    assert log.verify().ok and len(anchor.read_text().splitlines()) == 4
    assert oct(anchor.stat().st_mode & 0o777) == "0o600"
    with log.engine.begin() as con:
        if log.engine.dialect.name == "sqlite":
            con.exec_driver_sql("DROP TRIGGER audit_log_no_update")
            con.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        else:
            con.exec_driver_sql("DROP TRIGGER audit_log_append_only ON audit_log")
        if attack == "truncate":
            con.exec_driver_sql("DELETE FROM audit_log WHERE seq >= 3")
        else:
            rows = con.exec_driver_sql("SELECT seq, at, actor, action, target, detail FROM audit_log ORDER BY seq").fetchall()
            prev = GENESIS
            for seq, at, actor, action, target, detail in rows:
                detail = detail.replace("analyst", "admin") if seq == 2 else detail
                at = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(at)
                digest = entry_hash(prev, at, actor, action, target, detail)
                con.execute(
                    sa.text("UPDATE audit_log SET detail = :d, prev_hash = :p, hash = :h WHERE seq = :s"),
                    {"d": detail, "p": "x" * 60 + str(seq), "h": "y" * 60 + str(seq), "s": seq},
                )
                con.execute(sa.text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE seq = :s"), {"p": prev, "h": digest, "s": seq})
                prev = digest
    assert AuditLog(store_url).verify().ok  # without the anchor, the doctored log looks intact
    v = log.verify()
    assert not v.ok
    assert ("cut short" if attack == "truncate" else "re-hashed") in v.reason
    assert v.first_bad == (3 if attack == "truncate" else 2)
    log.dispose()
