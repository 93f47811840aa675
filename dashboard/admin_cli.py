"""``python -m dashboard users …`` and ``python -m dashboard audit …``: accounts and the audit log.

Every user-management action is written to the audit log with the operating-system user as the
actor. One-time passwords are printed once and never stored or logged.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from orchestration.cli import Cli
from warehouse import audit
from warehouse.accounts import ROLES, Accounts
from warehouse.audit import AuditLog, os_actor
from warehouse.operational import default_url


def add_commands(cli: Cli) -> None:
    """The ``users`` and ``audit`` subcommands, each with its own actions."""
    users = cli.command("users", "Manage local accounts and wall tokens.", cmd_users)
    actions = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = Cli.action(actions, "add", "create an account and print its one-time password")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    scope = add.add_mutually_exclusive_group()
    scope.add_argument("--street", help="limit to one street (9-digit code)")
    scope.add_argument("--community", help="limit to one community (12-digit code)")
    Cli.action(actions, "list", "list accounts", formats=("table", "json"))
    for name in ("disable", "enable", "reset"):
        Cli.action(actions, name, f"{name} an account").add_argument("username")
    Cli.action(actions, "display-token", "create a read-only wall token for one screen").add_argument("name")
    Cli.action(actions, "revoke-token", "revoke a wall token").add_argument("name")
    audit = cli.command("audit", "Check the audit log's hash chain or show its newest entries.", cmd_audit)
    audit_actions = audit.add_subparsers(dest="action", required=True, metavar="ACTION")
    Cli.action(audit_actions, "verify", "check the hash chain")
    shown = Cli.action(audit_actions, "list", "the newest entries", formats=("table", "json"))
    shown.add_argument("--limit", type=int, default=50)


def cmd_audit(args: argparse.Namespace, data: Path) -> int:
    log = audit.for_data(data)
    try:
        if args.action == "list":
            entries = log.entries(limit=args.limit)
            if args.format == "json":
                print(json.dumps(entries, ensure_ascii=False, default=str))
                return 0
            print(f"{'seq':>6}  {'at':<19}  {'actor':<20} {'action':<15} target  detail")
            for e in entries:
                print(f"{e['seq']:>6}  {e['at']}  {e['actor']:<20} {e['action']:<15} {e['target'] or ''}  {e['detail']}")
            return 0
        v = log.verify()
    finally:
        log.dispose()
    if v.ok:
        print(f"audit log intact: {v.entries} entries, head {v.head}")
        return 0
    print(f"audit log BROKEN at entry {v.first_bad} of {v.entries}: {v.reason}", file=sys.stderr)
    return 1  # a check that failed, as a test runner's exit 1: the log needs a person, not new input


def cmd_users(args: argparse.Namespace, data: Path) -> int:
    url = default_url(data)
    accounts, log = Accounts(url), audit.for_data(data)
    try:
        print(_user_action(args, accounts, log, os_actor()))
    finally:
        accounts.dispose()
        log.dispose()
    return 0


def _user_action(args: argparse.Namespace, accounts: Accounts, log: AuditLog, actor: str) -> str:
    if args.action == "list":
        if args.format == "json":
            return json.dumps(accounts.list(), ensure_ascii=False, default=str)
        header = f"{'username':<20} {'role':<9} {'scope':<24} state"
        return "\n".join([header, *(_account_line(u) for u in accounts.list())])
    if args.action == "add":
        kind, code = ("street", args.street) if args.street else ("community", args.community) if args.community else (None, None)
        password = accounts.add(args.username, args.role, kind, code)
        log.append(actor, "user_add", args.username, {"role": args.role, "scope_kind": kind, "scope_code": code})
        return f"account {args.username} ({args.role}) created; one-time password (shown once): {password}"
    if args.action == "reset":
        password = accounts.reset(args.username)
        log.append(actor, "user_reset", args.username)
        return f"account {args.username}: new one-time password (shown once): {password}"
    if args.action == "display-token":
        token = accounts.add_display_token(args.name)
        log.append(actor, "user_add", f"display:{args.name}", {"role": "display"})
        return f"wall token for {args.name} (shown once): open http://HOST:PORT/?wall=1&token={token}"
    if args.action == "revoke-token":
        accounts.revoke_display_token(args.name)
        log.append(actor, "user_disable", f"display:{args.name}")
        return f"wall token {args.name}: revoked"
    getattr(accounts, args.action)(args.username)
    log.append(actor, f"user_{args.action}", args.username)
    return f"account {args.username}: {args.action}d"


def _account_line(u: dict) -> str:
    scope = f"{u['scope_kind']} {u['scope_code']}" if u["scope_kind"] else "district"
    state = "disabled" if u["disabled"] else ("locked" if u["locked_until"] else "active")
    return f"{u['username']:<20} {u['role']:<9} {scope:<24} {state}"
