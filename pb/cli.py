"""`flask ...` commands. They call the same services as the views."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from pb.extensions import db
from pb.models import Cycle
from pb.services.errors import Refused


@click.command("create-user")
@click.argument("email")
@click.option("--name", default="")
@click.option("--role", type=click.Choice(["admin", "staff", "delegate"]), default="staff")
@click.password_option()
@with_appcontext
def create_user(email: str, name: str, role: str, password: str) -> None:
    """Create a staff, admin or delegate account."""
    from pb.services.users import create_user as create

    try:
        create(None, email, password, name=name, role=role)
    except Refused as error:
        raise click.ClickException(error.message) from None
    click.echo(f"created {role} account {email}")


@click.command("demo")
@with_appcontext
def demo() -> None:
    """Load the demo cycles unless they exist; print the staff login and a few voter codes."""
    from pb.demo import CURRENT, load_demo

    result = load_demo()
    click.echo("Demo cycles loaded." if result.created else "Demo cycles exist already.")
    click.echo(f"Staff login: {result.email}  password: {result.password}  (new on every run)")
    for who, plain in result.codes.items():
        click.echo(f"Voter codes for {who} (vote at /vote/{CURRENT}/): {', '.join(plain)}")
    for line in result.lines:
        click.echo(line)


@click.group("codes")
def codes_group() -> None:
    """Voter codes: generate a batch (written once to a CSV file), void a code."""


def _cycle(slug: str) -> Cycle:
    cycle = db.session.scalar(db.select(Cycle).filter_by(slug=slug))
    if cycle is None:
        raise click.ClickException(f"no cycle with the slug {slug!r}")
    return cycle


@codes_group.command("generate")
@click.argument("slug")
@click.argument("count", type=int)
@click.option("--district", default="", help="Citywide budgets plus this district only.")
@click.option("--label", default="")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="CSV file for the plain codes: the only copy, it must not exist yet.",
)
@with_appcontext
def codes_generate(slug: str, count: int, district: str, label: str, out: Path) -> None:
    """Generate COUNT codes for the cycle SLUG and write them to --out."""
    from pb.services.codes import batch_csv, generate_batch

    if out.exists():
        raise click.ClickException(f"{out} exists; codes are written only to a new file")
    scope = "district" if district else "all"
    pepper = current_app.config["PB_CODE_PEPPER"]
    try:
        batch, plain = generate_batch(
            None, _cycle(slug), count, scope=scope, district=district, label=label, pepper=pepper
        )
    except Refused as e:
        raise click.ClickException(e.message) from None

    # Created readable by the owner only: the file holds the only copy of the codes.
    def private(path: str, flags: int) -> int:
        return os.open(path, flags, 0o600)

    with open(out, "x", encoding="utf-8", newline="", opener=private) as fh:
        fh.write(batch_csv(batch, plain))
    click.echo(f"batch {batch.id}: {count} codes written to {out}")


@codes_group.command("void")
@click.argument("slug")
@click.argument("code")
@with_appcontext
def codes_void(slug: str, code: str) -> None:
    """Void one CODE of the cycle SLUG."""
    from pb.services.codes import void_code

    try:
        voted = void_code(None, _cycle(slug), code, current_app.config["PB_CODE_PEPPER"])
    except Refused as e:
        raise click.ClickException(e.message) from None
    click.echo(f"void; it had voted in {voted} budget(s)")


def init_app(app: Flask) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(demo)
    app.cli.add_command(codes_group)
