#!/usr/bin/env python3
"""The differencing attack on published team scores, as an outsider runs it (docs/privacy.md).

Reads a history of JSON team records (one per line, as `kcat -C -e -q -f '%s\n' -t team-scores-json` prints
them, every record, not only the latest per team) and the export the scores were computed from (the CSV the
producer sent), turns every published cell into exact totals (n, sum, sum of squares from mean, sd and n), and
subtracts records of the same team: consecutive ones, and with --all-pairs every pair. A difference "isolates a
response" when, over every cell both records publish, it equals that response's contribution (or minus it) and at
least one such cell changed. Where `sd` is withheld (--withhold-sd) only n and the sum are compared. It also counts
the cells whose totals prove every answer behind them one value (sd 0, or a mean of 1 or 5), which names those
answers (docs/privacy.md, "A spread of zero names the answers").

Usage: differencing_attack.py HISTORY.jsonl RESPONSES.csv [--all-pairs]
Prints: records, pairs compared, differences isolating one response, distinct responses isolated, distinct cell
states showing answers all alike.
"""
import csv
import json
import sys
from collections import defaultdict

AXES = ("CHANGE", "FOCUS", "HORIZON")
POLES = (("leader", "L"), ("manager", "M"))


def totals(cell):
    """(n, sum, sum of squares) of a shown cell; the squares are None where sd is withheld (--withhold-sd)."""
    mean, sd, n = cell["mean"], cell["sd"], cell["n"]
    if mean is None or n == 0:
        return None
    total = round(mean * n)
    if n == 1:
        squares = total * total
    elif sd is None:
        squares = None
    else:
        squares = round((sd * sd * n * (n - 1) + total * total) / n)
    return (n, total, squares)


def all_alike(cell_totals):
    """Whether a shown cell proves every answer behind it one value: sd 0, or a mean of 1 or 5 (the scale's ends)."""
    n, total, squares = cell_totals
    return n >= 2 and (total in (n, 5 * n) or (squares is not None and n * squares == total * total))


def cells(record):
    out = {}
    for axis in AXES:
        for pole, _ in POLES:
            out[(axis, pole)] = totals(record["axes"][axis][pole])
    return out


def contributions(path):
    """(cycle, team) -> list of (response_id, {cell: (n, sum, sumsq)}) of every non-self row."""
    rows = defaultdict(list)
    with open(path, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row["rater_group"].strip().upper() == "SELF":
                continue
            contribution = {}
            for axis in AXES:
                for pole, letter in POLES:
                    scores = [int(v) for k, v in row.items()
                              if k.startswith(axis + "_" + letter) and v.strip() not in ("", "NA", "na")]
                    contribution[(axis, pole)] = (len(scores), sum(scores), sum(s * s for s in scores))
            rows[(row["cycle_id"], row["team_id"])].append((row["response_id"], contribution))
    return rows


def isolated(a, b, candidates):
    shared = [c for c in a if a[c] is not None and b[c] is not None]
    diff = {c: tuple(None if x is None or y is None else y - x for x, y in zip(a[c], b[c])) for c in shared}
    if not any(any(d) for d in diff.values()):
        return None
    for response_id, contribution in candidates:
        for sign in (1, -1):
            if all(all(d is None or d == sign * v for d, v in zip(diff[c], contribution[c])) for c in shared):
                return response_id
    return None


def main(argv):
    history_path, responses_path = argv[1], argv[2]
    all_pairs = "--all-pairs" in argv
    rows = contributions(responses_path)
    history = defaultdict(list)
    records = 0
    with open(history_path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line == "null":
                continue
            record = json.loads(line)
            records += 1
            history[(record["cycleId"], record["teamId"])].append(cells(record))
    alike = {(team, cell) + totals for team, states in history.items() for state in states
             for cell, totals in state.items() if totals is not None and all_alike(totals)}
    pairs = hits = 0
    responses = set()
    for team, states in history.items():
        candidates = rows.get(team, [])
        for j in range(1, len(states)):
            for i in (range(j) if all_pairs else (j - 1,)):
                pairs += 1
                found = isolated(states[i], states[j], candidates)
                if found is not None:
                    hits += 1
                    responses.add(found)
    print(json.dumps({"records": records, "pairs": pairs, "isolating_differences": hits,
                      "responses_isolated": len(responses), "cells_all_alike": len(alike)}))


if __name__ == "__main__":
    main(sys.argv)
