"""`flask ...` commands. They call the same services as the views."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from pb.extensions import db
from pb.models import User


@click.command("create-user")
@click.argument("email")
@click.option("--name", default="")
@click.option("--role", type=click.Choice(["admin", "staff", "delegate"]), default="staff")
@click.password_option()
@with_appcontext
def create_user(email: str, name: str, role: str, password: str) -> None:
    """Create a staff, admin or delegate account."""
    if db.session.scalar(db.select(User).filter_by(email=email.lower())):
        raise click.ClickException(f"an account for {email} exists already")
    user = User(email=email.lower(), name=name, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"created {role} account {email}")


def init_app(app: Flask) -> None:
    app.cli.add_command(create_user)
