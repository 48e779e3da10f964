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


@click.group("vote")
def vote_group() -> None:
    """Open or close a cycle's vote, with the checks the staff pages make."""


@vote_group.command("open")
@click.argument("slug")
@with_appcontext
def vote_open(slug: str) -> None:
    """Open the vote of SLUG (creates the counting key under server custody). On a vote that
    is open already but has no key (opened before sealed ballots existed), creates its key."""
    from pb.domain.phases import Phase
    from pb.services.counting_keys import ensure_server_key, key_of
    from pb.services.cycles import open_voting
    from pb.services.errors import transaction

    cycle = _cycle(slug)
    if cycle.current_phase is Phase.VOTING and key_of(cycle) is None:
        with transaction():
            ensure_server_key(None, cycle, current_app.config["PB_KEY_DIR"])
        click.echo(f"voting in {cycle.name} was open without a counting key; it has one now")
        return
    try:
        open_voting(None, cycle, current_app.config["PB_KEY_DIR"])
    except Refused as e:
        raise click.ClickException(e.message) from None
    click.echo(f"voting in {cycle.name} is open")


@vote_group.command("close")
@click.argument("slug")
@with_appcontext
def vote_close(slug: str) -> None:
    """Close the vote of SLUG."""
    from pb.services.cycles import close_voting

    cycle = _cycle(slug)
    try:
        close_voting(None, cycle)
    except Refused as e:
        raise click.ClickException(e.message) from None
    click.echo(f"voting in {cycle.name} is closed")


@click.command("count")
@click.argument("slug")
@click.option("--publish", is_flag=True, help="Publish the results after counting.")
@click.option(
    "--share",
    "shares",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A trustee's share file (repeat for each share) when trustees keep the key.",
)
@with_appcontext
def count(slug: str, publish: bool, shares: tuple[Path, ...]) -> None:
    """Open the sealed ballots of SLUG, count every budget, and optionally publish."""
    from pb.services import counting_keys, opening, tallying

    cycle = _cycle(slug)
    key_dir = current_app.config["PB_KEY_DIR"]
    try:
        if opening.waiting_envelopes(cycle):
            texts = [p.read_text(encoding="utf-8", errors="replace") for p in shares]
            private = counting_keys.private_key(cycle, key_dir, texts)
            for result in opening.open_envelopes(None, cycle, private).values():
                click.echo(
                    f"{result.budget}: opened {result.opened} sealed ballots, "
                    f"{len(result.spoiled)} not counted"
                )
                for number, why in result.spoiled.items():
                    click.echo(f"  envelope {number}: {why}")
            counting_keys.destroy_server_key(cycle, key_dir)
        for budget in cycle.budgets:
            done = tallying.run_count(None, budget)
            funded = {str(p.id): p.title for p in budget.projects}
            titles = ", ".join(funded[pid] for pid in done.data["selected"]) or "none"
            click.echo(f"{budget.name}: {done.ballots} ballots; funded: {titles}")
        if publish:
            tallying.publish(None, cycle)
            click.echo("results published")
    except Refused as e:
        raise click.ClickException(e.message) from None


@click.command("export")
@click.argument("slug")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Directory for the files (made if needed).",
)
@with_appcontext
def export(slug: str, out: Path) -> None:
    """Write the open data of the published cycle SLUG into --out (the files of export.zip)."""
    from pb.services.exports import write_export

    secret = current_app.secret_key
    written = write_export(
        _cycle(slug), out, secret.encode() if isinstance(secret, str) else secret
    )
    if written is None:
        raise click.ClickException(f"the results of {slug} are not published: nothing to export")
    for path in written:
        click.echo(str(path))


@click.command("import-pb")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--slug", default=None, help="The new cycle's slug (default: from unit and year).")
@with_appcontext
def import_pb(files: tuple[Path, ...], slug: str | None) -> None:
    """Create a closed, counted and published cycle from pabulib FILES (one budget per file;
    several files of one city and year become one cycle)."""
    from pb.services.importing import import_files

    texts = []
    for path in files:
        try:
            texts.append((path.name, path.read_bytes().decode("utf-8")))
        except UnicodeDecodeError:
            raise click.ClickException(
                f"{path.name}: not UTF-8 text. Nothing was imported."
            ) from None
    try:
        result = import_files(None, texts, slug)
    except Refused as e:
        raise click.ClickException(e.message) from None
    cycle = result.cycle
    click.echo(f"imported {len(cycle.budgets)} budget(s) as /c/{cycle.slug}/results")
    for note in result.notes:
        click.echo(f"  {note}")


@click.group("mail")
def mail_group() -> None:
    """Member mailings: send a mailing's queue from the terminal."""


@mail_group.command("send")
@click.argument("mailing_id", type=int)
@click.option("--chunk", type=int, default=100, help="Messages per transaction round.")
@with_appcontext
def mail_send(mailing_id: int, chunk: int) -> None:
    """Send every queued message of MAILING_ID (safe to stop and run again: nothing is sent
    twice). Vote links point to PB_PUBLIC_URL."""
    from pb.services import mailings
    from pb.services.messaging import mail_is_logged, mailer

    config = current_app.config
    if mail_is_logged(config):
        click.echo("No PB_SMTP_HOST configured: messages go to the log, not to members.")
    mailing = db.session.get(mailings.Mailing, mailing_id)
    if mailing is None:
        raise click.ClickException(f"no mailing {mailing_id}")
    slug = db.session.get(Cycle, mailing.cycle_id).slug
    vote_url = f"{config['PB_PUBLIC_URL'].rstrip('/')}/vote/{slug}/"
    while True:
        try:
            result = mailings.send_next(
                mailing_id,
                mailer(config),
                pepper=config["PB_CODE_PEPPER"],
                vote_url=vote_url,
                limit=chunk,
            )
        except Refused as error:
            raise click.ClickException(error.message) from None
        progress = mailings.progress(mailing_id)
        click.echo(
            f"{progress.sent} of {progress.total} sent, {progress.queued} waiting, "
            f"{progress.failed} failed, {progress.sending} interrupted"
        )
        if result.stopped:
            raise click.ClickException(result.stopped + " Run the command again later.")
        if not (result.sent or result.failed):
            return


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(path: Path) -> None:
    """Write a consistent backup of the database to the new file PATH (safe while voting).
    A restore also needs instance/config.py and, until the count, instance/keys/."""
    from pb.services import backups

    try:
        backups.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except Refused as e:
        raise click.ClickException(e.message) from None
    click.echo(f"backup written to {path} (mode 0600)")
    click.echo("keep instance/config.py (SECRET_KEY, PB_CODE_PEPPER) and instance/keys/ too")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="Replace the whole database with this backup?")
@with_appcontext
def restore(path: Path) -> None:
    """Replace the database with the backup PATH. Stop the app (every machine) first."""
    from pb.services import backups

    db.session.remove()
    db.engine.dispose()
    try:
        backups.restore(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except Refused as e:
        raise click.ClickException(e.message) from None
    click.echo(f"restored from {path}; codes work only with the same PB_CODE_PEPPER")


@click.command("import-uploads")
@with_appcontext
def import_uploads() -> None:
    """Copy photos from the upload folder (PB_UPLOAD_DIR) into the database."""
    from pb.services.file_store import import_folder

    copied = import_folder(Path(current_app.config["PB_UPLOAD_DIR"]))
    click.echo(f"{copied} photos copied into the database")


def init_app(app: Flask) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(demo)
    app.cli.add_command(codes_group)
    app.cli.add_command(vote_group)
    app.cli.add_command(count)
    app.cli.add_command(export)
    app.cli.add_command(import_pb)
    app.cli.add_command(mail_group)
    app.cli.add_command(backup)
    app.cli.add_command(restore)
    app.cli.add_command(import_uploads)
