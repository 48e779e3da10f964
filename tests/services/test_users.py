import pytest

from pb.extensions import db
from pb.models import AuditEntry, User
from pb.services.errors import Refused
from pb.services.users import create_user
from tests.factories import make_user


def test_an_account_is_created_and_audited_in_one_go(ctx):
    admin = make_user("admin")
    user = create_user(
        admin, "  Ana@Example.ORG ", "s3cret-pass-river-lamp", name=" Ana ", role="delegate"
    )
    stored = db.session.scalar(db.select(User).filter_by(email="ana@example.org"))
    assert stored is user and stored.role == "delegate" and stored.name == "Ana"
    assert stored.check_password("s3cret-pass-river-lamp")
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="user.create"))
    assert entry.actor_id == admin.id and entry.target == f"user:{user.id}"
    assert entry.details_dict == {"email": "ana@example.org", "name": "Ana", "role": "delegate"}
    assert "s3cret-pass" not in entry.details and user.password_hash not in entry.details


@pytest.mark.parametrize(
    ("email", "password", "role", "field"),
    [
        ("ana@example.org", "pw-river-lamp-spoon", "staff", "email"),  # exists, in any case
        ("not-an-address", "pw", "staff", "email"),
        ("new@example.org", "pw", "mayor", "role"),
        ("new@example.org", "", "staff", "password"),
    ],
)
def test_a_refused_account_writes_nothing(ctx, email, password, role, field):
    create_user(None, "Ana@example.org", "pw-river-lamp-spoon")
    with pytest.raises(Refused) as refused:
        create_user(None, email, password, role=role)
    assert refused.value.field == field
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == 1


def test_flask_create_user_goes_through_the_service(db_app):
    runner = db_app.test_cli_runner()
    args = ["create-user", "Kiosk@Example.org", "--name", "Kiosk", "--role", "delegate"]
    result = runner.invoke(args=[*args, "--password", "pw-123-river-lamp"])
    assert result.exit_code == 0, result.output
    assert "created delegate account Kiosk@Example.org" in result.output
    with db_app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email="kiosk@example.org"))
        assert user.role == "delegate" and user.check_password("pw-123-river-lamp")
        entry = db.session.scalar(db.select(AuditEntry).filter_by(action="user.create"))
        assert entry.actor_id is None and entry.target == f"user:{user.id}"

    again = runner.invoke(args=[*args, "--password", "pw-123-river-lamp"])
    assert again.exit_code == 1
    assert "An account for kiosk@example.org exists already." in again.output
