"""Matching experts to support requests: scores with their reasons, and the optimal plan.

Pure Python with numpy/scipy: no Django and no database in here. The caller reads the rows,
builds :class:`Expert` and :class:`Request` values and gets back plain ids, scores and reason
codes (the views translate the codes).

The plan is an optimal *b-matching*: every request gets at most one expert, every expert at
most ``capacity`` new requests, conflicts (organisations an expert must not serve, experts who
already declined the request) are never paired, and the total score is the largest possible.
An expert's ``k``-th new request in the same plan costs ``FAIRNESS_STEP * k`` points, so work
spreads over experts when the fit is close (the penalty grows with ``k``: a convex cost, which
keeps the problem an assignment problem). Each expert is replicated into ``capacity`` slots
and the sparse request × slot graph (plus one "leave unassigned" column per request) is
solved exactly with LAPJVsp (``scipy.sparse.csgraph.min_weight_full_bipartite_matching``).
Only pairs that share the area are edges, which keeps the graph sparse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

# Points of each part of a score. An expert must work in the request's area to be a candidate.
AREA_POINTS = 40.0
TOPIC_POINTS = 25.0
LANGUAGE_POINTS = 15.0
FORMAT_POINTS = 10.0
CAPACITY_POINTS = 5.0  # times the share of the expert's monthly capacity still free
RATING_POINTS = 2.5  # per star above (or below) 3, from past outcome ratings
LOAD_PENALTY = 0.5  # per engagement in the last twelve months, at most LOAD_PENALTY_MAX
LOAD_PENALTY_MAX = 5.0
FAIRNESS_STEP = 2.0  # the k-th extra request for one expert in the same plan costs k × this
# Urgent requests are served first when experts are scarce (the same for every expert).
URGENCY_POINTS = {"high": 6.0, "normal": 3.0, "low": 0.0}


@dataclass(frozen=True)
class Expert:
    id: int
    areas: frozenset = frozenset()
    topics: frozenset = frozenset()
    languages: frozenset = frozenset()
    formats: frozenset = frozenset()
    capacity: int = 0  # new requests the expert can still take this month
    max_capacity: int = 0  # requests the expert's monthly hours allow in all
    rating: float | None = None  # mean outcome rating, 1 to 5
    load: int = 0  # engagements in the last twelve months
    conflicts: frozenset = frozenset()  # organisation ids the expert must not serve


@dataclass(frozen=True)
class Request:
    id: int
    organisation_id: int
    area: int
    topic: int | None = None
    languages: frozenset = frozenset()  # acceptable languages; empty = any
    format: str = ""
    declined_by: frozenset = frozenset()  # expert ids who declined this request
    urgency: str = ""  # high, normal, low


@dataclass
class Reason:
    code: str  # area, topic, no_topic, language, no_language, format, no_format, ...
    points: float
    value: float | None = None


@dataclass
class Suggestion:
    request_id: int
    expert_id: int
    score: float
    reasons: list = field(default_factory=list)


def excluded(request: Request, expert: Expert) -> bool:
    return (
        request.area not in expert.areas
        or request.organisation_id in expert.conflicts
        or expert.id in request.declined_by
    )


def explain(request: Request, expert: Expert) -> list[Reason]:
    """The parts of the score of one pair, each with its reason code (None if excluded)."""
    reasons = [Reason("area", AREA_POINTS)]
    if request.topic is None:
        reasons.append(Reason("any_topic", TOPIC_POINTS / 2))
    elif request.topic in expert.topics:
        reasons.append(Reason("topic", TOPIC_POINTS))
    else:
        reasons.append(Reason("no_topic", 0.0))
    if not request.languages or request.languages & expert.languages:
        reasons.append(Reason("language", LANGUAGE_POINTS))
    else:
        reasons.append(Reason("no_language", 0.0))
    if not request.format or request.format in expert.formats:
        reasons.append(Reason("format", FORMAT_POINTS))
    else:
        reasons.append(Reason("no_format", 0.0))
    share = expert.capacity / expert.max_capacity if expert.max_capacity else 0.0
    reasons.append(Reason("capacity", CAPACITY_POINTS * min(max(share, 0.0), 1.0), share))
    if expert.rating is None:
        reasons.append(Reason("no_rating", 0.0))
    else:
        reasons.append(Reason("rating", RATING_POINTS * (expert.rating - 3.0), expert.rating))
    penalty = min(LOAD_PENALTY * expert.load, LOAD_PENALTY_MAX)
    reasons.append(Reason("load", -penalty, expert.load))
    if request.urgency:
        reasons.append(
            Reason(f"urgency_{request.urgency}", URGENCY_POINTS.get(request.urgency, 0.0))
        )
    return reasons


def pair_score(request: Request, expert: Expert) -> float | None:
    if excluded(request, expert):
        return None
    return round(sum(r.points for r in explain(request, expert)), 6)


def ranked(request: Request, experts, *, limit: int = 5, available_only: bool = True) -> list:
    """The best experts for one request, best first, with the reasons of each score."""
    found = []
    for expert in experts:
        if available_only and expert.capacity <= 0:
            continue
        score = pair_score(request, expert)
        if score is not None:
            found.append(Suggestion(request.id, expert.id, score, explain(request, expert)))
    found.sort(key=lambda s: (-s.score, s.expert_id))
    return found[:limit]


def plan_value(assignment: dict, requests, experts) -> float:
    """Total value of an assignment {request id: expert id}, fairness steps included."""
    by_request = {r.id: r for r in requests}
    by_expert = {e.id: e for e in experts}
    total = 0.0
    counts: dict[int, int] = {}
    for request_id, expert_id in assignment.items():
        total += pair_score(by_request[request_id], by_expert[expert_id])
        counts[expert_id] = counts.get(expert_id, 0) + 1
    for n in counts.values():
        total -= FAIRNESS_STEP * n * (n - 1) / 2
    return total


# --- Vectorised scores for many pairs ---------------------------------------------------------


def _candidate_pairs(requests: list, experts: list):
    """Arrays (request index, expert index, score) of every allowed pair with capacity > 0."""
    usable = [j for j, e in enumerate(experts) if e.capacity > 0]
    if not requests or not usable:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    language_codes = sorted(
        {x for e in experts for x in e.languages} | {x for r in requests for x in r.languages}
    )
    format_codes = sorted({x for e in experts for x in e.formats} | {r.format for r in requests})
    lang_bit = {code: 1 << i for i, code in enumerate(language_codes)}
    fmt_bit = {code: 1 << i for i, code in enumerate(format_codes)}

    def mask(codes, bits):
        value = 0
        for code in codes:
            value |= bits.get(code, 0)
        return value

    exp_lang = np.array([mask(experts[j].languages, lang_bit) for j in usable], dtype=np.int64)
    exp_fmt = np.array([mask(experts[j].formats, fmt_bit) for j in usable], dtype=np.int64)
    exp_base = np.array(
        [
            CAPACITY_POINTS * min(max(e.capacity / e.max_capacity, 0.0), 1.0)
            if e.max_capacity
            else 0.0
            for e in (experts[j] for j in usable)
        ]
    )
    exp_base += np.array(
        [
            0.0 if experts[j].rating is None else RATING_POINTS * (experts[j].rating - 3.0)
            for j in usable
        ]
    )
    exp_base -= np.array([min(LOAD_PENALTY * experts[j].load, LOAD_PENALTY_MAX) for j in usable])
    usable_arr = np.array(usable, dtype=np.int64)

    # Experts by area, requests by area: only pairs sharing the area are candidates.
    experts_in_area: dict = {}
    for position, j in enumerate(usable):
        for area in experts[j].areas:
            experts_in_area.setdefault(area, []).append(position)
    requests_in_area: dict = {}
    for i, r in enumerate(requests):
        requests_in_area.setdefault(r.area, []).append(i)

    rows, cols, scores = [], [], []
    for area, request_indexes in requests_in_area.items():
        positions = experts_in_area.get(area)
        if not positions:
            continue
        positions = np.array(positions, dtype=np.int64)
        # Topic fit: one column per topic seen in this area's requests.
        topics = sorted(
            {requests[i].topic for i in request_indexes if requests[i].topic is not None}
        )
        topic_column = {t: k for k, t in enumerate(topics)}
        has_topic = np.zeros((len(positions), max(len(topics), 1)), dtype=bool)
        for p, position in enumerate(positions):
            for t in experts[usable[position]].topics:
                k = topic_column.get(t)
                if k is not None:
                    has_topic[p, k] = True
        req_idx = np.array(request_indexes, dtype=np.int64)
        req_topic = np.array(
            [
                -1 if requests[i].topic is None else topic_column[requests[i].topic]
                for i in request_indexes
            ],
            dtype=np.int64,
        )
        req_lang = np.array(
            [mask(requests[i].languages, lang_bit) for i in request_indexes], dtype=np.int64
        )
        req_fmt = np.array(
            [fmt_bit[requests[i].format] if requests[i].format else 0 for i in request_indexes],
            dtype=np.int64,
        )
        req_urgency = np.array(
            [URGENCY_POINTS.get(requests[i].urgency, 0.0) for i in request_indexes]
        )
        score = AREA_POINTS + exp_base[positions][None, :] + req_urgency[:, None]
        topic_fit = np.where(
            req_topic[:, None] < 0,
            TOPIC_POINTS / 2,
            np.where(has_topic.T[np.maximum(req_topic, 0)], TOPIC_POINTS, 0.0),
        )
        score = score + topic_fit
        lang_ok = (req_lang[:, None] == 0) | (
            (req_lang[:, None] & exp_lang[positions][None, :]) != 0
        )
        score = score + np.where(lang_ok, LANGUAGE_POINTS, 0.0)
        fmt_ok = (req_fmt[:, None] == 0) | ((req_fmt[:, None] & exp_fmt[positions][None, :]) != 0)
        score = score + np.where(fmt_ok, FORMAT_POINTS, 0.0)
        r_grid = np.repeat(req_idx, len(positions))
        p_grid = np.tile(positions, len(req_idx))
        rows.append(r_grid)
        cols.append(p_grid)
        scores.append(score.ravel())
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    r_all = np.concatenate(rows)
    p_all = np.concatenate(cols)
    s_all = np.round(np.concatenate(scores), 6)
    e_all = usable_arr[p_all]
    # Conflicts and earlier declines: drop those pairs.
    banned = set()
    for j in usable:
        for organisation_id in experts[j].conflicts:
            banned.add(("o", j, organisation_id))
    for i, r in enumerate(requests):
        for expert_id in r.declined_by:
            banned.add(("d", i, expert_id))
    if banned:
        keep = np.ones(len(r_all), dtype=bool)
        conflict_keys = {(j, o) for kind, j, o in banned if kind == "o"}
        declined_keys = {(i, e) for kind, i, e in banned if kind == "d"}
        if conflict_keys:
            org_of = np.array([r.organisation_id for r in requests], dtype=np.int64)
            big = int(max(org_of.max(), max(o for _j, o in conflict_keys))) + 1
            keys = e_all * big + org_of[r_all]
            bad = np.array([j * big + o for j, o in conflict_keys], dtype=np.int64)
            keep &= ~np.isin(keys, bad)
        if declined_keys:
            id_of = np.array([e.id for e in experts], dtype=np.int64)
            big = int(max(id_of.max(), max(e for _i, e in declined_keys))) + 1
            keys = r_all * big + id_of[e_all]
            bad = np.array([i * big + e for i, e in declined_keys], dtype=np.int64)
            keep &= ~np.isin(keys, bad)
        r_all, e_all, s_all = r_all[keep], e_all[keep], s_all[keep]
    return r_all, e_all, s_all


def optimal_plan(requests, experts) -> dict:
    """The assignment {request id: expert id} with the largest total value (see module doc)."""
    requests = list(requests)
    experts = list(experts)
    n = len(requests)
    if n == 0:
        return {}
    r_idx, e_idx, score = _candidate_pairs(requests, experts)
    if len(r_idx) == 0:
        return {}
    # Slots: expert j has capacity_j slots; slot k of expert j is worth score - k * STEP.
    capacity = np.array([max(e.capacity, 0) for e in experts], dtype=np.int64)
    slot_start = np.concatenate([[0], np.cumsum(capacity)])[:-1]
    reps = capacity[e_idx]
    rows = np.repeat(r_idx, reps)
    base = np.repeat(score, reps)
    # k = 0..reps-1 within each pair's run.
    run_start = np.repeat(np.cumsum(reps) - reps, reps)
    k = np.arange(len(rows)) - run_start
    cols = np.repeat(slot_start[e_idx], reps) + k
    value = base - FAIRNESS_STEP * k
    keep = value > 0  # a pair worth nothing is never better than leaving the request open
    rows, cols, value = rows[keep], cols[keep], value[keep]
    if len(rows) == 0:
        return {}
    total_slots = int(capacity.sum())
    # One private "leave unassigned" column per request, worth 0.
    top = float(value.max()) + 1.0
    all_rows = np.concatenate([rows, np.arange(n)])
    all_cols = np.concatenate([cols, total_slots + np.arange(n)])
    all_cost = np.concatenate([top - value, np.full(n, top)])
    graph = csr_matrix((all_cost, (all_rows, all_cols)), shape=(n, total_slots + n))
    matched_rows, matched_cols = min_weight_full_bipartite_matching(graph)
    # Which expert owns each slot.
    owner = np.repeat(np.arange(len(experts)), capacity)
    plan = {}
    for i, col in zip(matched_rows.tolist(), matched_cols.tolist(), strict=True):
        if col < total_slots:
            plan[requests[i].id] = experts[int(owner[col])].id
    return plan
