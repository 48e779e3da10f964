"""The Alembic migrations build exactly the schema the models describe, on SQLite and (when
PB_TEST_DATABASE_URL is set) on PostgreSQL: a model change without a migration fails here.
Alembic's comparison leaves CHECK constraints out, so they are compared here too."""

from __future__ import annotations

import re
import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade

from pb.app import create_app
from pb.extensions import db
from tests.conftest import BACKENDS, PG_URL

BEFORE_LANGUAGES_DROP = "0b3cc2062803"


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite'}"
        return
    schema = f"mig_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def migrated_app(database_url, tmp_path) -> Flask:
    return create_app(
        {"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": database_url},
        instance_path=str(tmp_path),
    )


def _sql(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def check_constraints(conn) -> dict[str, str]:
    """name -> SQL of every CHECK constraint the database holds."""
    inspector = sa.inspect(conn)
    return {
        c["name"]: _sql(c["sqltext"])
        for table in inspector.get_table_names()
        for c in inspector.get_check_constraints(table)
    }


def test_migrations_match_models(migrated_app):
    with migrated_app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
            migrated = check_constraints(conn)
        assert diff == [], f"models and migrations differ: {diff}"
        modelled = {
            c.name: _sql(str(c.sqltext))
            for table in db.metadata.sorted_tables
            for c in table.constraints
            if isinstance(c, sa.CheckConstraint)
        }
        assert set(migrated) == set(modelled)
        if db.engine.dialect.name == "sqlite":  # PostgreSQL rewrites the SQL it keeps
            assert migrated == modelled
        downgrade(revision="base")
        db.engine.dispose()


def _execute(*statements: str) -> None:
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(sa.text(statement))


def test_dropping_cycle_languages_keeps_the_cycles_both_ways(migrated_app):
    cycles = sa.text("SELECT slug, phase FROM cycle")
    with migrated_app.app_context():
        upgrade(revision=BEFORE_LANGUAGES_DROP)
        _execute(
            "INSERT INTO cycle (slug, name, description, languages, phase, created_at) "
            "VALUES ('town', 'Town', '', 'en,fr', 'voting', CURRENT_TIMESTAMP)"
        )
        upgrade()
        with db.engine.connect() as conn:
            assert conn.execute(cycles).all() == [("town", "voting")]
        downgrade(revision=BEFORE_LANGUAGES_DROP)
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT slug, languages FROM cycle")).all() == [
                ("town", "en")
            ]
        downgrade(revision="base")
        db.engine.dispose()


BEFORE_SEALED_BALLOTS = "6b235e4b24a5"


def test_ballot_entries_become_one_row_per_ballot_and_back(migrated_app):
    with migrated_app.app_context():
        upgrade(revision=BEFORE_SEALED_BALLOTS)
        _execute(
            "INSERT INTO cycle (id, slug, name, description, phase, created_at) "
            "VALUES (1, 'town', 'Town', '', 'results', CURRENT_TIMESTAMP)",
            *(
                "INSERT INTO budget (id, cycle_id, name, district, amount, currency, position, "
                f"ballot_kind, rule, tie_break) VALUES ({budget_id}, 1, '{kind}', '', 100, 'EUR', "
                f"0, '{kind}', 'greedy', 'id')"
                for budget_id, kind in ((1, "ranked"), (2, "cumulative"))
            ),
            *(
                "INSERT INTO project (id, budget_id, title, summary, description, cost, category, "
                f"district, location, image, position) VALUES ({pid}, 1, 'P', '', '', 10, '', '', "
                "'', '', 0)"
                for pid in (1, 2, 3)
            ),
            "INSERT INTO ballot (id, budget_id, cast_on) VALUES "
            "('r', 1, CURRENT_DATE), ('c', 2, CURRENT_DATE)",
            "INSERT INTO ballot_entry (ballot_id, project_id, rank, points) VALUES "
            "('r', 3, 1, NULL), ('r', 1, 2, NULL), ('c', 2, NULL, 4), ('c', 1, NULL, 1)",
        )
        upgrade()
        with db.engine.connect() as conn:
            got = conn.execute(sa.text("SELECT id, choices FROM ballot ORDER BY id")).all()
        assert got == [("c", "1:1,2:4"), ("r", "3,1")]
        downgrade(revision=BEFORE_SEALED_BALLOTS)
        with db.engine.connect() as conn:
            entries = conn.execute(
                sa.text(
                    "SELECT ballot_id, project_id, rank, points FROM ballot_entry "
                    "ORDER BY ballot_id, project_id"
                )
            ).all()
        assert entries == [
            ("c", 1, None, 1),
            ("c", 2, None, 4),
            ("r", 1, 2, None),
            ("r", 3, 1, None),
        ]
        _execute(
            *(f"DELETE FROM {t}" for t in ("ballot_entry", "ballot", "project", "budget", "cycle"))
        )
        downgrade(revision="base")
        db.engine.dispose()


BEFORE_ONE_SET_OF_DATES = "0345852fe783"


def test_cycle_dates_become_phase_dates_and_children_survive(migrated_app):
    dates = sa.text("SELECT phase, starts_at, ends_at FROM phase_date ORDER BY phase")
    with migrated_app.app_context():
        upgrade(revision=BEFORE_ONE_SET_OF_DATES)
        _execute(
            "INSERT INTO cycle (id, slug, name, description, phase, starts_on, ends_on, "
            "created_at, country, unit, language, licence, export_k, questions) VALUES "
            "(1, 'town', 'Town', '', 'ideas', '2030-01-01 00:00:00', '2030-12-31 00:00:00', "
            "CURRENT_TIMESTAMP, '', '', 'en', 'CC-BY-4.0', 10, '')"
        )
        _execute(
            "INSERT INTO phase_date (cycle_id, phase, starts_at, ends_at) "
            "VALUES (1, 'voting', '2030-05-01 00:00:00', NULL)"
        )
        upgrade()
        with db.engine.connect() as conn:
            rows = [
                (p, str(s) if s else None, str(e) if e else None) for p, s, e in conn.execute(dates)
            ]
            zone = conn.execute(sa.text("SELECT time_zone, languages FROM cycle")).one()
        # The voting date was not lost to a table copy; the cycle's dates moved into the phases.
        assert rows == [
            ("ideas", "2030-01-01 00:00:00", None),
            ("implementation", None, "2030-12-31 00:00:00"),
            ("voting", "2030-05-01 00:00:00", None),
        ]
        assert tuple(zone) == ("UTC", "en")
        downgrade(revision=BEFORE_ONE_SET_OF_DATES)
        with db.engine.connect() as conn:
            back = conn.execute(sa.text("SELECT starts_on, ends_on FROM cycle")).one()
        assert [str(v) for v in back] == ["2030-01-01 00:00:00", "2030-12-31 00:00:00"]
        downgrade(revision="base")
        db.engine.dispose()
