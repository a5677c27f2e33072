#!/usr/bin/env python3
"""Repeat a Pilot Registry draw from its inputs, independently of the registry (standard library only).

    curl -s -u auditor:PASSWORD "$R/api/audit/pilots/$PILOT/draw/inputs" > inputs.json
    python3 verify_draw.py inputs.json        # or: ... | python3 verify_draw.py -

Prints MATCH and exits 0 when the seed matches its commitment and the groups and the allocation per stratum come
out as recorded; otherwise prints what differs and exits 1. The algorithm is specified in docs/draw-algorithm.md.
"""
import hashlib
import json
import math
import sys

ALGORITHM = "sha256-rank-stratified-proportional-v2"
VARIABLES = ["SEX", "AGE_CLASS", "APPLICANT_TYPE"]  # the order of the variables within a stratum key


def rank(seed, text):
    return hashlib.sha256(seed + b"\x00" + text.encode("utf-8")).digest()


def draw(seed, eligible, places):
    members = {}
    for person in eligible:
        key = "|".join(f"{v}={person['stratum'][v]}" for v in VARIABLES if v in person["stratum"])
        members.setdefault(key, []).append(person["person"])
    keys = sorted(members)
    n = {k: len(members[k]) for k in keys}
    share = {k: places * n[k] / len(eligible) for k in keys}
    p = {k: min(math.floor(share[k]), n[k] // 2) for k in keys}
    c = dict(p)
    spare = lambda k: n[k] - p[k] - c[k]
    left = places - sum(p.values())
    by_remainder = sorted(keys, key=lambda k: (-(share[k] - math.floor(share[k])), rank(seed, "stratum:" + k)))
    for k in by_remainder:  # largest remainder, a pair of seats at a time
        if left > 0 and spare(k) >= 2 and p[k] < math.ceil(share[k]):
            p[k], c[k], left = p[k] + 1, c[k] + 1, left - 1
    p_seats = c_seats = left
    participant_turn = rank(seed, "first-side")[0] & 1 == 0
    for k in by_remainder:  # one-sided seats, alternating between the groups
        if p_seats + c_seats > 0 and spare(k) >= 1 and max(p[k], c[k]) < math.ceil(share[k]):
            if participant_turn and p_seats > 0 or c_seats == 0:
                p[k], p_seats = p[k] + 1, p_seats - 1
            else:
                c[k], c_seats = c[k] + 1, c_seats - 1
            participant_turn = not participant_turn
    while p_seats + c_seats > 0:  # last resort: any spare person, beyond the share
        placed = False
        for k in by_remainder:
            if p_seats > 0 and spare(k) >= 1:
                p[k], p_seats, placed = p[k] + 1, p_seats - 1, True
            if c_seats > 0 and spare(k) >= 1:
                c[k], c_seats, placed = c[k] + 1, c_seats - 1, True
        if not placed:
            raise ValueError("fewer than twice the places are eligible")
    participants, comparison, allocation = [], [], []
    for k in keys:
        ranked = sorted(members[k], key=lambda person: (rank(seed, person), person))
        participants += ranked[:p[k]]
        comparison += ranked[p[k]:p[k] + c[k]]
        allocation.append((k, n[k], p[k], c[k]))
    return participants, comparison, allocation


def main():
    source = sys.stdin if sys.argv[1:] in ([], ["-"]) else open(sys.argv[1], encoding="utf-8")
    inputs = json.load(source)
    if inputs["algorithm"] != ALGORITHM:
        print(f"UNKNOWN ALGORITHM {inputs['algorithm']}: this script repeats {ALGORITHM}")
        return 2
    seed = bytes.fromhex(inputs["seed"])  # the commitment is SHA-256 of the 32 bytes, not of the hex text
    problems = []
    if hashlib.sha256(seed).hexdigest() != inputs["seedCommitment"].lower():
        problems.append("the seed does not match the commitment")
    participants, comparison, allocation = draw(seed, inputs["eligible"], inputs["participantPlaces"])
    recorded_allocation = [("|".join(f"{v}={a['stratum'][v]}" for v in VARIABLES if v in a["stratum"]),
                            a["eligible"], a["participants"], a["comparison"]) for a in inputs["allocation"]]
    for name, recorded, repeated in (("participants", inputs["participants"], participants),
                                     ("comparison", inputs["comparison"], comparison),
                                     ("allocation", recorded_allocation, allocation)):
        for i in range(max(len(recorded), len(repeated))):
            was = recorded[i] if i < len(recorded) else None
            now = repeated[i] if i < len(repeated) else None
            if was != now:
                problems.append(f"{name}[{i}]: recorded {was}, repeated {now}")
                break
    if problems:
        print("MISMATCH: " + "; ".join(problems))
        return 1
    print(f"MATCH: {len(participants)} participants and {len(comparison)} comparison persons "
          f"from {len(inputs['eligible'])} eligible in {len(allocation)} strata")
    return 0


if __name__ == "__main__":
    sys.exit(main())
