"""pb: a participatory budgeting platform.

`pb.domain` holds the pure-Python core (elections, ballots, tallies, pabulib format); the Flask
application lives in `pb.app` and is built by `create_app()`.
"""

__version__ = "0.1.0"
