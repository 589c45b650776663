#!/usr/bin/env python3
"""The cohort program (model.md sections 4-5) solved with OR-Tools CP-SAT, the
strongest general solver a Python user would reach for.

Reads the same rosters and configuration as mssn_cohorts, applies the same
eligibility rules, builds the full model (selection, cohorts of equal-as-possible
size, conflicts by district or listed, facilitator limits/capacity/spread/conflicts,
one slot per cohort) and minimises the section 5 cost, scaled to integers. Writes a
result.json with the cohorts only; `cargo run --example check_result` then checks
every rule and computes the cost with cohortmatch's one cost function, so both
tools are costed the same way.

    python3 benches/peers/cohort_cpsat.py APPLICANTS FACILITATORS CONFIG OUT.json \
        [--seconds 60] [--workers 2]
"""
import argparse
import csv
import datetime
import json
import math
import time
import tomllib

from ortools.sat.python import cp_model


def header(h):
    h = h.strip().lstrip("\ufeff").lower()
    out, run = [], False
    for ch in h:
        if ch in " -_\t":
            if not run:
                out.append("_")
            run = True
        else:
            out.append(ch)
            run = False
    return "".join(out)


def cat(s):
    return " ".join((s or "").split()).lower()


def ids(s):
    return [x.strip() for x in (s or "").split(";") if x.strip()]


def date(s):
    s = (s or "").strip()
    if not s:
        return None
    if "-" in s:
        return datetime.date.fromisoformat(s)
    m, d, y = s.split("/")
    return datetime.date(int(y), int(m), int(d))


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    head = [header(h) for h in rows[0]]
    return [dict(zip(head, r)) for r in rows[1:] if any(c.strip() for c in r)]


class Roster:
    """The rosters after the same eligibility rules as cohortmatch, in indices."""


def load(applicants, facilitators, config):
    with open(config, "rb") as f:
        conf = tomllib.load(f).get("cohorts", {})
    seats, k = conf.get("seats", 24), conf.get("cohorts", 3)
    fmin, fmax = conf.get("facilitators_min", 2), conf.get("facilitators_max", 3)
    deadline = conf.get("deadline", datetime.date(2025, 8, 8))
    if deadline == "none":
        deadline = None
    year = conf.get("program_year", 2025)
    w = {"balance": 1.0, "numeric": 1.0, "mirror": 1.0, "region_f": 0.5, "isolated": 2.0,
         "slot": 1.0, "priority": 1.0}
    w.update(conf.get("weights", {}))
    balance_attrs = conf.get("balance_attributes", ["region", "district_type"])

    apps = [p for p in read(applicants)
            if float(p["years_as_superintendent"]) >= conf.get("min_years", 3)
            and not (deadline and p.get("submitted") and date(p["submitted"]) > deadline)]
    facs = []
    for p in read(facilitators):
        if float(p["years_as_superintendent"]) < conf.get("facilitator_min_years", 5):
            continue
        if cat(p["status"]) == "retired":
            ry = (p.get("retired_year") or "").strip()
            if not ry or year - int(ry) > conf.get("max_years_retired", 3):
                continue
        facs.append(p)
    E, F = len(apps), len(facs)
    n = min(seats, E)
    sizes = [n // k + (1 if c < n % k else 0) for c in range(k)]
    cap = [int(p.get("max_cohorts") or 1) for p in facs]
    places = min(sum(cap), k * fmax)
    lo, hi = max(places // k, fmin), min(-(-places // k), fmax)
    slots = sorted({cat(s) for p in apps + facs for s in ids(p.get("availability"))})

    def avail(p):
        got = {cat(s) for s in ids(p.get("availability"))}
        return [not got or s in got for s in slots]

    app_index = {p["id"].strip(): i for i, p in enumerate(apps)}
    fac_index = {p["id"].strip(): f for f, p in enumerate(facs)}
    # Conflicts as adjacency sets (by district groups, then listed), so large
    # rosters do not need every pair.
    by_district = {}
    for i, p in enumerate(apps):
        by_district.setdefault(cat(p["district"]), []).append(i)
    adj = [set() for _ in range(E)]
    for group in by_district.values():
        for i in group:
            adj[i].update(j for j in group if j != i)
    for i in range(E):
        for x in ids(apps[i].get("conflicts")):
            if x in app_index and app_index[x] != i:
                adj[i].add(app_index[x])
                adj[app_index[x]].add(i)
    fadj = [set() for _ in range(F)]
    for f, p in enumerate(facs):
        fadj[f].update(by_district.get(cat(p["district"]), []))
        for x in ids(p.get("conflicts")):
            if x in app_index:
                fadj[f].add(app_index[x])
    for i, p in enumerate(apps):
        for x in ids(p.get("conflicts")):
            if x in fac_index:
                fadj[fac_index[x]].add(i)
    years = [float(p["years_as_superintendent"]) for p in apps]
    mean = sum(years) / E
    sd = math.sqrt(sum((y - mean) ** 2 for y in years) / E)
    r = Roster()
    r.__dict__.update(dict(
        conf=conf, k=k, w=w, balance_attrs=balance_attrs, apps=apps, facs=facs, E=E, F=F,
        n=n, sizes=sizes, cap=cap, places=places, lo=lo, hi=hi, slots=slots, T=len(slots),
        avail=avail, adj=adj, fadj=fadj, years=years, sd=sd,
        prio=[float(p.get("priority") or 0) for p in apps],
        conflict={(i, j) for i in range(E) for j in adj[i] if i < j},
        fconf={(f, i) for f in range(F) for i in fadj[f]},
    ))
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("applicants")
    ap.add_argument("facilitators")
    ap.add_argument("config")
    ap.add_argument("out")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    t0 = time.perf_counter()
    r = load(a.applicants, a.facilitators, a.config)
    k, w, balance_attrs, apps, facs = r.k, r.w, r.balance_attrs, r.apps, r.facs
    E, F, n, sizes, cap, places, lo, hi = r.E, r.F, r.n, r.sizes, r.cap, r.places, r.lo, r.hi
    slots, T, avail, conflict, fconf = r.slots, r.T, r.avail, r.conflict, r.fconf
    years, sd, prio = r.years, r.sd, r.prio

    m = cp_model.CpModel()
    x = [[m.NewBoolVar(f"x{i}_{c}") for c in range(k)] for i in range(E)]
    y = [[m.NewBoolVar(f"y{f}_{c}") for c in range(k)] for f in range(F)]
    s = [[m.NewBoolVar(f"s{c}_{t}") for t in range(T)] for c in range(k)]
    sel = [sum(x[i]) for i in range(E)]
    for i in range(E):
        m.Add(sel[i] <= 1)
    for c in range(k):
        m.Add(sum(x[i][c] for i in range(E)) == sizes[c])
        for i, j in conflict:
            m.AddBoolOr([x[i][c].Not(), x[j][c].Not()])
        cnt = sum(y[f][c] for f in range(F))
        m.Add(cnt >= lo)
        m.Add(cnt <= hi)
        if T:
            m.AddExactlyOne(s[c])
    m.Add(sum(y[f][c] for f in range(F) for c in range(k)) == places)
    for f in range(F):
        m.Add(sum(y[f]) <= cap[f])
    for f, i in fconf:
        for c in range(k):
            m.AddBoolOr([y[f][c].Not(), x[i][c].Not()])

    SCALE = 1000 * n * E
    obj = []
    for b in balance_attrs:
        values = sorted({cat(p.get(b)) for p in apps})
        for v in values:
            hold = [i for i in range(E) if cat(apps[i].get(b)) == v]
            S = sum(sel[i] for i in hold)
            for c in range(k):
                d = m.NewIntVar(0, n * n, "")
                m.AddAbsEquality(d, n * sum(x[i][c] for i in hold) - sizes[c] * S)
                obj.append(round(w["balance"] * SCALE / n) * d)
            d = m.NewIntVar(0, E * n, "")
            m.AddAbsEquality(d, E * S - n * len(hold))
            obj.append(round(w["mirror"] * SCALE / E) * d)
    if sd > 0:
        iy = [round(v * 100) for v in years]  # years to hundredths, as integers
        total = sum(iy[i] * sel[i] for i in range(E))
        for c in range(k):
            d = m.NewIntVar(0, 100 * n * n * int(max(years) + 1), "")
            m.AddAbsEquality(d, n * sum(iy[i] * x[i][c] for i in range(E)) - sizes[c] * total)
            obj.append(round(w["numeric"] * SCALE / (100 * n * sd)) * d)
    for f in range(F):
        same = [i for i in range(E) if cat(apps[i]["region"]) == cat(facs[f]["region"])]
        for c in range(k):
            z = m.NewIntVar(0, sizes[c], "")
            m.Add(z >= sum(x[i][c] for i in same) - sizes[c] * (1 - y[f][c]))
            obj.append(round(w["region_f"] * SCALE) * z)
    if T:
        aa = [avail(p) for p in apps]
        fa = [avail(p) for p in facs]
        for c in range(k):
            for i in range(E):
                if not all(aa[i]):
                    p = m.NewBoolVar("")
                    m.Add(p >= x[i][c] - sum(s[c][t] for t in range(T) if aa[i][t]))
                    obj.append(round(w["slot"] * SCALE) * p)
            for f in range(F):
                if not all(fa[f]):
                    p = m.NewBoolVar("")
                    m.Add(p >= y[f][c] - sum(s[c][t] for t in range(T) if fa[f][t]))
                    obj.append(round(w["slot"] * SCALE) * p)
    obj.append(sum(-round(w["priority"] * SCALE * prio[i]) * sel[i] for i in range(E)))
    m.Minimize(sum(obj))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = a.seconds
    solver.parameters.num_workers = a.workers
    status = solver.Solve(m)
    seconds = time.perf_counter() - t0
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        print(json.dumps({"solver": "cp-sat", "status": solver.StatusName(status), "seconds": round(seconds, 2)}))
        return
    cohorts = []
    for c in range(k):
        cohorts.append({
            "id": c + 1,
            "members": [apps[i]["id"].strip() for i in range(E) if solver.Value(x[i][c])],
            "facilitators": [facs[f]["id"].strip() for f in range(F) if solver.Value(y[f][c])],
            "slot": next((slots[t] for t in range(T) if solver.Value(s[c][t])), None),
        })
    with open(a.out, "w") as f:
        json.dump({"cohorts": cohorts}, f)
    print(json.dumps({
        "solver": f"cp-sat ({a.workers} workers)",
        "status": solver.StatusName(status),
        "objective": solver.ObjectiveValue() / SCALE,
        "bound": solver.BestObjectiveBound() / SCALE,
        "seconds": round(seconds, 2),
    }))


if __name__ == "__main__":
    main()
