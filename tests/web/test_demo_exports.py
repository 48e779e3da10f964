"""The demo's published cycle has downloadable exports (SQLite only: the demo loads slowly)."""

from __future__ import annotations

import io
import zipfile


def test_the_demo_published_cycle_has_downloadable_exports(client, db):
    import csv

    from pb import demo
    from pb.demo import PAST
    from tests.exports.helpers import check_pabulib

    demo.load_demo()
    response = client.get(f"/c/{PAST}/results/export.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.data)) as z:
        files = {n: z.read(n) for n in z.namelist()}
    (pb_name,) = [n for n in files if n.endswith(".pb")]
    assert check_pabulib(files[pb_name].decode()) == {}
    (csv_name,) = [n for n in files if n.endswith("-ballots.csv")]
    rows = list(csv.DictReader(io.StringIO(files[csv_name].decode())))
    assert len(rows) == 150
    attributes = {c for c in rows[0] if not c.isdigit()} - {"voter_id"}
    assert attributes  # some voter attributes survive k-anonymity
    readme = files["README.md"].decode()
    assert "k = 10" in readme and "not published" in readme  # and the README says what did not
