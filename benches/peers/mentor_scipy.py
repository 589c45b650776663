#!/usr/bin/env python3
"""The mentor program solved the way a Python user would: scipy's
linear_sum_assignment on the capacity-expanded cost matrix.

Same rules as model.md section 6: a mentee gets at most one mentor, mentor m takes
at most capacity[m]; forbidden pairs (same district, conflicts either side,
untrained mentor) cost BIG so that as many mentees as possible are matched first,
then the least total cost. Prints one JSON line: matched, total_cost, seconds
(end to end: reading the CSVs, building the matrix, solving).

    python3 benches/peers/mentor_scipy.py MENTEES.csv MENTORS.csv
"""
import csv
import json
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment

W_FOCUS, W_TYPE, W_REGION = 3.0, 1.0, 2.0
BIG = 1e6
FOCUS = {"curriculum_instruction": 0, "student_support": 1, "human_resources": 2}


def norm(s):
    return " ".join(s.split()).lower()


def ids(s):
    return [x.strip() for x in s.split(";") if x.strip()]


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    head = ["_".join(h.strip().lower().replace("-", " ").split()) for h in rows[0]]
    return [dict(zip(head, r)) for r in rows[1:] if any(c.strip() for c in r)]


def focus_bits(s):
    bits = 0
    for x in ids(s):
        bits |= 1 << FOCUS[x.strip().lower()]
    return bits


def main(mentees_path, mentors_path):
    t0 = time.perf_counter()
    mentees, mentors = read(mentees_path), read(mentors_path)
    n = len(mentees)
    e_focus = np.array([focus_bits(e["focus"]) for e in mentees])
    e_type = np.array([norm(e["district_type"]) for e in mentees])
    e_region = np.array([norm(e["region"]) for e in mentees])
    e_district = np.array([norm(e["district"]) for e in mentees])
    columns, col_mentor = [], []
    for j, m in enumerate(mentors):
        trained = norm(m.get("trained", "") or "yes") in ("yes", "y", "true", "1")
        cap = int(m.get("capacity") or 1) if trained else 0
        columns.extend([j] * cap)
    m_focus = np.array([focus_bits(m["focus"]) for m in mentors])
    m_type = np.array([norm(m.get("district_type", "")) for m in mentors])
    m_region = np.array([norm(m["region"]) for m in mentors])
    m_district = np.array([norm(m["district"]) for m in mentors])
    # Pair costs for every (mentee, mentor), then forbidden pairs.
    lacking = np.zeros((n, len(mentors)))
    for bit in range(3):
        lacking += ((e_focus[:, None] >> bit) & 1) * (1 - ((m_focus[None, :] >> bit) & 1))
    cost = (
        W_FOCUS * lacking
        + W_TYPE * (e_type[:, None] != m_type[None, :])
        + W_REGION * (e_region[:, None] != m_region[None, :])
    )
    forbidden = e_district[:, None] == m_district[None, :]
    index_e = {e["id"].strip(): i for i, e in enumerate(mentees)}
    index_m = {m["id"].strip(): j for j, m in enumerate(mentors)}
    for i, e in enumerate(mentees):
        for x in ids(e.get("conflicts", "")):
            if x in index_m:
                forbidden[i, index_m[x]] = True
    for j, m in enumerate(mentors):
        for x in ids(m.get("conflicts", "")):
            if x in index_e:
                forbidden[index_e[x], j] = True
    full = np.where(forbidden, BIG, cost)
    expanded = full[:, np.array(columns, dtype=int)] if columns else np.zeros((n, 0))
    rows, cols = linear_sum_assignment(expanded)
    ok = expanded[rows, cols] < BIG
    seconds = time.perf_counter() - t0
    print(json.dumps({
        "solver": "scipy.optimize.linear_sum_assignment (capacity-expanded)",
        "mentees": n,
        "mentors": len(mentors),
        "matrix": list(expanded.shape),
        "matched": int(ok.sum()),
        "total_cost": float(expanded[rows, cols][ok].sum()),
        "seconds": round(seconds, 3),
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
