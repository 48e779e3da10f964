"""Pure domain logic: no Flask, no SQLAlchemy (tests/domain/test_purity.py checks it)."""
