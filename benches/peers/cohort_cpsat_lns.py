#!/usr/bin/env python3
"""The cohort program at scale with OR-Tools CP-SAT used as large-neighbourhood
search (LNS): what a Python user would do when one CP-SAT model of the whole
program is too large to build or to solve.

Start: the coordinator's greedy deal (sort by the balance attributes, deal
round-robin skipping conflicts; deal facilitators the same way; each cohort's slot
is the one most of its people can make). Then, until the time is up: pick a few
cohorts at random, free their members, facilitators and slots, and let CP-SAT
re-seat them for the least cost of those cohorts' terms (model.md section 5),
hinted with the current seating, keeping everything else fixed; keep the answer
when it is better.

For programs where everyone eligible is selected (the scale benchmarks of
BENCHMARKS.md), so the mirror and priority terms are fixed. `isolate_attributes`
is not modelled (the default leaves it empty). Writes a result.json with the
cohorts; `cargo run --example check_result` then checks every rule and costs it
with cohortmatch's one cost function.

    python3 benches/peers/cohort_cpsat_lns.py APPLICANTS FACILITATORS CONFIG OUT.json \
        [--seconds 60] [--workers 2] [--cohorts 8] [--seed 1]
"""
import argparse
import json
import os
import random
import sys
import time

from ortools.sat.python import cp_model

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cohort_cpsat import cat, load  # noqa: E402


def greedy(r):
    """The coordinator's deal; None when it gets stuck."""
    keys = [tuple(cat(p.get(b)) for b in r.balance_attrs) for p in r.apps]
    order = sorted(range(r.E), key=lambda i: keys[i])
    members = [[] for _ in range(r.k)]
    nxt = 0
    for i in order:
        for step in range(r.k):
            c = (nxt + step) % r.k
            if len(members[c]) < r.sizes[c] and not any(j in r.adj[i] for j in members[c]):
                members[c].append(i)
                nxt = (c + 1) % r.k
                break
        else:
            return None
    counts = [r.places // r.k + (1 if c < r.places % r.k else 0) for c in range(r.k)]
    used = [0] * r.F
    facs = [[] for _ in range(r.k)]
    for rnd in range(max(counts)):
        for c in range(r.k):
            if len(facs[c]) >= counts[c] or len(facs[c]) > rnd:
                continue
            for f in range(r.F):
                if used[f] < r.cap[f] and f not in facs[c] and not any(i in r.fadj[f] for i in members[c]):
                    facs[c].append(f)
                    used[f] += 1
                    break
            else:
                return None
    aa = [r.avail(p) for p in r.apps]
    fa = [r.avail(p) for p in r.facs]
    slot = []
    for c in range(r.k):
        if r.T == 0:
            slot.append(None)
            continue
        miss = [sum(not aa[i][t] for i in members[c]) + sum(not fa[f][t] for f in facs[c])
                for t in range(r.T)]
        slot.append(min(range(r.T), key=lambda t: miss[t]))
    return members, facs, slot


def improve(r, members, facs, slot, chosen, seconds, workers, scale):
    """Re-seats the chosen cohorts with CP-SAT; returns True when it found better."""
    m = cp_model.CpModel()
    people = [i for c in chosen for i in members[c]]
    pool = sorted({f for c in chosen for f in facs[c]})
    serves = {f: sum(f in facs[c] for c in chosen) for f in pool}
    x = {(i, c): m.NewBoolVar("") for i in people for c in chosen}
    y = {(f, c): m.NewBoolVar("") for f in pool for c in chosen}
    s = {(c, t): m.NewBoolVar("") for c in chosen for t in range(r.T)}
    for i in people:
        m.AddExactlyOne(x[i, c] for c in chosen)
    pset = set(people)
    for c in chosen:
        m.Add(sum(x[i, c] for i in people) == len(members[c]))
        m.Add(sum(y[f, c] for f in pool) == len(facs[c]))
        if r.T:
            m.AddExactlyOne(s[c, t] for t in range(r.T))
        for i in people:
            for j in r.adj[i]:
                if j in pset and i < j:
                    m.AddBoolOr([x[i, c].Not(), x[j, c].Not()])
        for f in pool:
            for i in r.fadj[f]:
                if i in pset:
                    m.AddBoolOr([y[f, c].Not(), x[i, c].Not()])
    for f in pool:
        m.Add(sum(y[f, c] for c in chosen) == serves[f])
    # The chosen cohorts' terms, times `scale`, in integers. Selection is fixed,
    # so each value's share and the mean are constants.
    n, w = r.n, r.w
    obj = []
    for b in r.balance_attrs:
        vals = {}
        for i in range(r.E):
            vals.setdefault(cat(r.apps[i].get(b)), []).append(i)
        for v, hold in vals.items():
            S = len(hold)
            hs = [i for i in people if cat(r.apps[i].get(b)) == v]
            for c in chosen:
                d = m.NewIntVar(0, n * max(r.sizes), "")
                m.AddAbsEquality(d, n * sum(x[i, c] for i in hs) - len(members[c]) * S)
                obj.append(round(w["balance"] * scale / n) * d)
    if r.sd > 0:
        iy = [round(v * 100) for v in r.years]
        total = sum(iy)
        for c in chosen:
            d = m.NewIntVar(0, 100 * n * max(r.sizes) * int(max(r.years) + 1), "")
            m.AddAbsEquality(d, n * sum(iy[i] * x[i, c] for i in people) - len(members[c]) * total)
            obj.append(round(w["numeric"] * scale / (100 * n * r.sd)) * d)
    for f in pool:
        same = [i for i in people if cat(r.apps[i]["region"]) == cat(r.facs[f]["region"])]
        for c in chosen:
            z = m.NewIntVar(0, len(members[c]), "")
            m.Add(z >= sum(x[i, c] for i in same) - len(members[c]) * (1 - y[f, c]))
            obj.append(round(w["region_f"] * scale) * z)
    if r.T:
        for c in chosen:
            for i in people:
                a = r.avail(r.apps[i])
                if not all(a):
                    p = m.NewBoolVar("")
                    m.Add(p >= x[i, c] - sum(s[c, t] for t in range(r.T) if a[t]))
                    obj.append(round(w["slot"] * scale) * p)
            for f in pool:
                a = r.avail(r.facs[f])
                if not all(a):
                    p = m.NewBoolVar("")
                    m.Add(p >= y[f, c] - sum(s[c, t] for t in range(r.T) if a[t]))
                    obj.append(round(w["slot"] * scale) * p)
    m.Minimize(sum(obj))
    for c in chosen:
        for i in people:
            m.AddHint(x[i, c], i in members[c])
        for f in pool:
            m.AddHint(y[f, c], f in facs[c])
        for t in range(r.T):
            m.AddHint(s[c, t], slot[c] == t)
    # The current seating's value in the same units, to keep only improvements.
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    now = cp_model.CpSolver()
    now.parameters.max_time_in_seconds = seconds
    now.parameters.fix_variables_to_their_hinted_value = True
    if now.Solve(m) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    current = now.ObjectiveValue()
    status = solver.Solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or solver.ObjectiveValue() >= current - 0.5:
        return False
    for c in chosen:
        members[c] = [i for i in people if solver.Value(x[i, c])]
        facs[c] = [f for f in pool if solver.Value(y[f, c])]
        slot[c] = next((t for t in range(r.T) if solver.Value(s[c, t])), None)
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("applicants")
    ap.add_argument("facilitators")
    ap.add_argument("config")
    ap.add_argument("out")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--cohorts", type=int, default=8, help="cohorts freed per neighbourhood")
    ap.add_argument("--step", type=float, default=2.0, help="CP-SAT seconds per neighbourhood")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    t0 = time.perf_counter()
    r = load(a.applicants, a.facilitators, a.config)
    if r.n != r.E:
        sys.exit("cohort_cpsat_lns.py handles programs where everyone eligible is selected")
    start = greedy(r)
    if start is None:
        sys.exit("the greedy deal got stuck; no start for the search")
    members, facs, slot = start
    rng = random.Random(a.seed)
    rounds = better = 0
    while time.perf_counter() - t0 < a.seconds:
        left = a.seconds - (time.perf_counter() - t0)
        chosen = rng.sample(range(r.k), min(a.cohorts, r.k))
        rounds += 1
        if improve(r, members, facs, slot, chosen, min(a.step, max(left, 0.1)), a.workers, 1000 * r.n):
            better += 1
    cohorts = [{
        "id": c + 1,
        "members": [r.apps[i]["id"].strip() for i in members[c]],
        "facilitators": [r.facs[f]["id"].strip() for f in facs[c]],
        "slot": r.slots[slot[c]] if slot[c] is not None else None,
    } for c in range(r.k)]
    with open(a.out, "w") as f:
        json.dump({"cohorts": cohorts}, f)
    print(json.dumps({
        "solver": f"cp-sat lns ({a.workers} workers, {a.cohorts} cohorts per step)",
        "neighbourhoods": rounds,
        "improved": better,
        "seconds": round(time.perf_counter() - t0, 2),
    }))


if __name__ == "__main__":
    main()
