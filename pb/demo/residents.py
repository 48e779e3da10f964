"""The demo's eligibility list: fictional residents of Demo City, so that "Get my code" on the
vote's start page can be tried. Only keyed hashes of these rows reach the database."""

from __future__ import annotations

from pb.models import Cycle, User
from pb.services import eligibility

# name, date of birth, postcode, district: invented people at invented addresses.
RESIDENTS = [
    ("Mila Verhoeven", "1984-03-12", "1011 AB", "North"),
    ("Jonas Ødegård", "1979-11-02", "1012 CD", "North"),
    ("Aïcha Benali", "1992-06-25", "1013 EF", "North"),
    ("Tomasz Kowalczyk", "1966-01-30", "1021 GH", "South"),
    ("Sofía Ramírez", "2003-09-14", "1022 JK", "South"),
    ("Lena Hoffmann", "1958-12-08", "1023 LM", "South"),
    ("Kwame Mensah", "1988-04-17", "1014 NP", "North"),
    ("Élodie Marchand", "1995-07-03", "1024 QR", "South"),
]
TRY = RESIDENTS[1]


def add_residents(actor: User, cycle: Cycle, pepper: str) -> list[str]:
    """The list, with "Get my code" switched on; returns lines for the demo command to print."""
    lines = ["name,date of birth,postcode,district"]
    lines += [",".join(row) for row in RESIDENTS]
    eligibility.upload_list(
        actor,
        cycle,
        ("\n".join(lines) + "\n").encode(),
        id_columns="name, date of birth, postcode",
        district_column="district",
        pepper=pepper,
        save=True,
    )
    eligibility.set_access(actor, cycle, self_service=True, email_codes=True)
    return try_lines(cycle)


def try_lines(cycle: Cycle) -> list[str]:
    """What `flask demo` prints about the list, on every run."""
    if eligibility.list_setup(cycle.id) is None:
        return []
    name, born, postcode, _district = TRY
    return [
        f"Get my code (at /vote/{cycle.slug}/get-code) as the fictional resident: "
        f"name {name!r}, date of birth {born}, postcode {postcode!r} (one code per resident; "
        f"{len(RESIDENTS)} residents are on the list, see pb/demo/residents.py)"
    ]
