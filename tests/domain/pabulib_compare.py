"""Compare two elections field by field, for round-trip tests."""

from __future__ import annotations

import numpy as np

from pb.domain.election import Election


def differences(a: Election, b: Election) -> list[str]:
    """What differs between two elections (empty when they are the same)."""
    out = []
    if dict(a.meta) != dict(b.meta) or list(a.meta) != list(b.meta):
        out.append("meta")
    if a.project_columns != b.project_columns:
        out.append(f"project_columns {a.project_columns} != {b.project_columns}")
    if a.vote_columns != b.vote_columns:
        out.append(f"vote_columns {a.vote_columns} != {b.vote_columns}")
    if len(a.projects) != len(b.projects):
        out.append("number of projects")
    extra = a.project_columns[2:]  # a field missing from `fields` reads as empty text
    for p, q in zip(a.projects, b.projects, strict=False):
        pf, qf = ({c: x.fields.get(c, "") for c in extra} for x in (p, q))
        if (p.id, p.cost, pf) != (q.id, q.cost, qf) or set(p.fields) - set(extra):
            out.append(f"project {p.id}")
            break
    pa, pb_ = a.profile, b.profile
    if not np.array_equal(pa.offsets, pb_.offsets) or not np.array_equal(pa.items, pb_.items):
        out.append("ballots")
    if (pa.points is None) != (pb_.points is None) or (
        pa.points is not None and not np.array_equal(pa.points, pb_.points)
    ):
        out.append("points")
    va, vb = pa.voters, pb_.voters
    if list(va.columns) != list(vb.columns) or len(va) != len(vb):
        out.append("voter columns")
    else:
        for col in va.columns:
            if not np.array_equal(va[col].to_numpy(object), vb[col].to_numpy(object)):
                out.append(f"voter field {col}")
    return out
