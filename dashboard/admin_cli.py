"""python -m dashboard users add|list|disable|enable|reset, and audit verify|list.

Every user-management action is written to the audit log with the operating-system user as the
actor. One-time passwords are printed once and never stored or logged.
"""

from __future__ import annotations

import argparse
import sys

from warehouse.accounts import ROLES, AccountError, Accounts
from warehouse.audit import AuditLog, os_actor
from warehouse.operational import default_url
from warehouse.settings import data_dir


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m dashboard", description="Manage accounts and check the audit log.")
    ap.add_argument("--data", help="data directory (default: $GRIDPULSE_DATA or ./data)")
    sub = ap.add_subparsers(dest="command", required=True)
    users = sub.add_parser("users", help="local accounts").add_subparsers(dest="action", required=True)
    add = users.add_parser("add", help="create an account and print its one-time password")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    scope = add.add_mutually_exclusive_group()
    scope.add_argument("--street", help="limit to one street (9-digit code)")
    scope.add_argument("--community", help="limit to one community (12-digit code)")
    users.add_parser("list", help="list accounts")
    for name in ("disable", "enable", "reset"):
        users.add_parser(name, help=f"{name} an account").add_argument("username")
    users.add_parser("display-token", help="create a read-only wall token for one screen").add_argument("name")
    users.add_parser("revoke-token", help="revoke a wall token").add_argument("name")
    audit = sub.add_parser("audit", help="the audit log").add_subparsers(dest="action", required=True)
    audit.add_parser("verify", help="check the hash chain")
    shown = audit.add_parser("list", help="the newest entries")
    shown.add_argument("--limit", type=int, default=50)
    args = ap.parse_args(argv)
    url = default_url(data_dir(args.data))
    log = AuditLog(url)
    try:
        if args.command == "audit":
            return _audit(args, log)
        return _users(args, Accounts(url), log)
    except AccountError as exc:
        print(f"users {args.action}: {exc}", file=sys.stderr)
        return 2


def _audit(args, log: AuditLog) -> int:
    if args.action == "list":
        for e in log.entries(limit=args.limit):
            print(f"{e['seq']:>6}  {e['at']}  {e['actor']:<20} {e['action']:<15} {e['target'] or ''}  {e['detail']}")
        return 0
    v = log.verify()
    if v.ok:
        print(f"audit log intact: {v.entries} entries, head {v.head}")
        return 0
    print(f"audit log BROKEN at entry {v.first_bad} of {v.entries}: {v.reason}", file=sys.stderr)
    return 1


def _users(args, accounts: Accounts, log: AuditLog) -> int:
    actor = os_actor()
    if args.action == "list":
        for u in accounts.list():
            scope = f"{u['scope_kind']} {u['scope_code']}" if u["scope_kind"] else "district"
            state = "disabled" if u["disabled"] else ("locked" if u["locked_until"] else "active")
            print(f"{u['username']:<20} {u['role']:<9} {scope:<24} {state}")
        return 0
    if args.action == "add":
        kind, code = ("street", args.street) if args.street else ("community", args.community) if args.community else (None, None)
        password = accounts.add(args.username, args.role, kind, code)
        log.append(actor, "user_add", args.username, {"role": args.role, "scope_kind": kind, "scope_code": code})
        print(f"account {args.username} ({args.role}) created; one-time password (shown once): {password}")
        return 0
    if args.action == "reset":
        password = accounts.reset(args.username)
        log.append(actor, "user_reset", args.username)
        print(f"account {args.username}: new one-time password (shown once): {password}")
        return 0
    if args.action == "display-token":
        token = accounts.add_display_token(args.name)
        log.append(actor, "user_add", f"display:{args.name}", {"role": "display"})
        print(f"wall token for {args.name} (shown once): open http://HOST:PORT/?wall=1&token={token}")
        return 0
    if args.action == "revoke-token":
        accounts.revoke_display_token(args.name)
        log.append(actor, "user_disable", f"display:{args.name}")
        print(f"wall token {args.name}: revoked")
        return 0
    getattr(accounts, args.action)(args.username)
    log.append(actor, f"user_{args.action}", args.username)
    print(f"account {args.username}: {args.action}d")
    return 0
