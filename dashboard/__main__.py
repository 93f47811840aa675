"""python -m dashboard [serve] [--port 8501] [--data DIR]: build the demo city on first run, then
serve; ``python -m dashboard users|audit …`` manage accounts and check the audit log."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from dashboard import admin_cli
from orchestration import demo
from orchestration.cli import Cli
from orchestration.cli.output import StepBar
from warehouse.db import Store

APP = Path(__file__).with_name("app.py")


def ensure_warehouse(data: Path, size: str) -> None:
    """Generate and load the demo city if the data directory has no warehouse yet; bring one
    written by an older version up to date (the pages read marts it may lack). A server that
    reads a lake (``[warehouse] backend = "lake"``) builds nothing here: another machine loads it."""
    from warehouse.settings import settings

    if settings(data).warehouse.backend == "lake":
        return
    if Store(data).current() is not None:
        from warehouse import upgrade

        upgraded = upgrade.run(data)
        if upgraded is not None:
            print(f"Upgraded the warehouse in {data} to this version's tables and marts: snapshot {upgraded}.", flush=True)
        return
    print(f"No warehouse in {data}: building the demo city ({size}) …", flush=True)
    t0 = time.perf_counter()
    with StepBar("demo city", log_steps=True) as bar:
        demo.generate_and_maybe_load(data, data / "raw" / "demo", size, 20261125, True, bar, bar.expect)
    print(f"Demo city ready in {time.perf_counter() - t0:.0f} s.", flush=True)


def first_admin(data: Path) -> None:
    """With sign-in required and no account yet, create ``admin`` and print its one-time
    password (changed at the first sign-in)."""
    from warehouse import audit
    from warehouse.accounts import Accounts
    from warehouse.audit import os_actor
    from warehouse.operational import default_url
    from warehouse.settings import settings, sign_in_required

    if not sign_in_required(settings(data)):
        return
    accounts = Accounts(default_url(data))
    if not accounts.has_accounts():
        password = accounts.add("admin", "admin")
        log = audit.for_data(data)
        log.append(os_actor(), "user_add", "admin", {"role": "admin", "first_run": True})
        log.dispose()
        print(
            f"GridPulse: created account 'admin' with the one-time password {password} (shown once; change it at first sign-in)", flush=True
        )
    accounts.dispose()


def audit_config(data: Path) -> None:
    """Record the effective configuration in the audit log whenever it differs from the last
    one recorded (someone edited gridpulse.toml or GRIDPULSE_CONFIG points elsewhere)."""
    import hashlib
    import json

    from warehouse.audit import os_actor, record_if_changed
    from warehouse.settings import load_config, settings, sign_in_required

    # the effective sign-in (the file and the --no-sign-in flag together) is part of what is recorded
    effective = {"config": load_config(data), "sign_in": sign_in_required(settings(data))}
    text = json.dumps(effective, sort_keys=True, ensure_ascii=False, default=str)
    fingerprint = hashlib.sha256(text.encode()).hexdigest()
    record_if_changed(data, os_actor(), "config_change", "configuration", fingerprint, {"sign_in": effective["sign_in"]})


def cmd_serve(args: argparse.Namespace, data: Path) -> int:
    from warehouse.settings import NO_SIGN_IN_FLAG, settings

    os.environ.pop(NO_SIGN_IN_FLAG, None)  # only this flag turns it on, never an inherited variable
    if args.no_sign_in:
        os.environ[NO_SIGN_IN_FLAG] = "1"
    if not settings(data).auth.required and not args.no_sign_in:
        print("GridPulse: [auth] required = false is set, but sign-in stays on: start with --no-sign-in to turn it off.", flush=True)
    ensure_warehouse(data, args.demo_size)
    first_admin(data)
    audit_config(data)
    env = {**os.environ, "GRIDPULSE_DATA": str(data), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    print(f"GridPulse: http://127.0.0.1:{args.port}", flush=True)
    cmd = [
        sys.executable,
        "-m",
        "dashboard.serve",  # Streamlit's own CLI, with the pages' modules and the wall's data readied
        "run",
        str(APP),
        "--server.port",
        str(args.port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    # Become the server (exec, not a child process): a service manager or test that stops this
    # process stops Streamlit too, instead of leaving an orphan holding the port.
    os.chdir(Path(__file__).resolve().parent.parent)
    sys.stdout.flush()
    os.execve(sys.executable, cmd, env)


def build() -> Cli:
    cli = Cli(
        "python -m dashboard", "Serve the GridPulse dashboard on 127.0.0.1 (the default command), manage accounts, check the audit log."
    )
    serve = cli.command(
        "serve", "Build the demo city on first run, then serve the dashboard on 127.0.0.1 (the default command).", cmd_serve
    )
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--demo-size", default=os.environ.get("GRIDPULSE_DEMO_SIZE", "default"), help="demo size on first run")
    serve.add_argument(
        "--no-sign-in",
        action="store_true",
        help="serve without sign-in, if the configuration also says [auth] required = false (audited; for a closed network only)",
    )
    admin_cli.add_commands(cli)
    return cli


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    cli = build()
    # `python -m dashboard [--port N] [--data DIR]` stays the one-word way to start the server.
    if not {"-h", "--help"} & set(argv) and not set(cli.sub.choices) & set(argv):
        argv = ["serve", *argv]
    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main())
