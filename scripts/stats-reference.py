#!/usr/bin/env python3
"""Reference values for shared/stats, computed with NumPy / SciPy (and statsmodels as a cross-check).

Run with the machine's own Python 3.11 (the `python3` on the PATH, SciPy 1.17):

    python3 scripts/stats-reference.py

Writes shared/stats/fixtures/reference.json. The RNG is seeded, so the output
is deterministic for a given NumPy/SciPy version; the versions are recorded in
the file because Wilcoxon's "auto" method changed across SciPy releases (the
library follows SciPy 1.17, and the script refuses an older SciPy).

Fleiss' kappa is computed here from its formula with NumPy (Fleiss 1971), because
statsmodels is not installed for this interpreter. When Debian's /usr/bin/python3
has statsmodels, every kappa is recomputed there with
statsmodels.stats.inter_rater.fleiss_kappa(method="fleiss") and must agree to 1e-12;
the file records whether that cross-check ran.
"""

import json
import math
import os
import subprocess
import warnings

import numpy as np
import scipy
import scipy.stats as st

if tuple(int(p) for p in scipy.__version__.split(".")[:2]) < (1, 17):
    raise SystemExit(f"SciPy {scipy.__version__}: the library replicates SciPy 1.17's wilcoxon; run with python3 (pyenv)")

DEBIAN_PYTHON = "/usr/bin/python3"

SEED = 20240611
rng = np.random.default_rng(SEED)

OUT = os.path.join(os.path.dirname(__file__), "..", "shared", "stats", "fixtures", "reference.json")


def scale(points, agree_from=None, disagree_to=None):
    if agree_from is None:
        agree_from = 4 if points == 5 else 7
    if disagree_to is None:
        disagree_to = 2 if points == 5 else 3
    return {"points": points, "agreeFrom": agree_from, "disagreeTo": disagree_to}


def num(x):
    """JSON has no NaN/Infinity: the TS library represents them as null."""
    if x is None:
        return None
    x = float(x)
    return None if (math.isnan(x) or math.isinf(x)) else x


def category(v, sc):
    if v >= sc["agreeFrom"]:
        return "agree"
    if v <= sc["disagreeTo"]:
        return "disagree"
    return "neutral"


# ---------------------------------------------------------------- item figures

def item_expected(answers, sc):
    rated = np.array([a for a in answers if a is not None], dtype=float)
    n = len(rated)
    counts = [int(np.sum(rated == k)) for k in range(1, sc["points"] + 1)]
    out = {
        "nRated": n,
        "nNoOpinion": sum(1 for a in answers if a is None),
        "counts": counts,
    }
    if n == 0:
        out.update({k: None for k in ["agreePct", "neutralPct", "disagreePct", "median", "q1", "q3",
                                       "iqr", "mean", "sd", "cv"]})
        out["modes"] = []
        out["rand"] = None
        return out
    cats = [category(v, sc) for v in rated]
    # count * 100 / n: Python's int true division is correctly rounded, like JS.
    out["agreePct"] = cats.count("agree") * 100 / n
    out["neutralPct"] = cats.count("neutral") * 100 / n
    out["disagreePct"] = cats.count("disagree") * 100 / n
    q1, med, q3 = np.percentile(rated, [25, 50, 75], method="linear")  # == R type 7
    out["median"] = float(med)
    out["q1"] = float(q1)
    out["q3"] = float(q3)
    out["iqr"] = float(q3 - q1)
    mean = float(np.mean(rated))
    out["mean"] = mean
    sd = float(np.std(rated, ddof=1)) if n > 1 else None  # library choice: SD undefined for n = 1
    out["sd"] = sd
    out["cv"] = None if sd is None else sd / mean
    top = max(counts)
    out["modes"] = [k + 1 for k, c in enumerate(counts) if c == top]
    if sc["points"] == 9:
        p30, p70 = np.percentile(rated, [30, 70], method="linear")
        ipr = float(p70 - p30)
        iprcp = float((p30 + p70) / 2)
        ai = abs(5 - iprcp)
        ipras = 2.35 + 1.5 * ai
        out["rand"] = {"p30": float(p30), "p70": float(p70), "ipr": ipr, "iprcp": iprcp, "ai": ai,
                       "ipras": ipras, "disagreement": bool(ipr > ipras)}
    else:
        out["rand"] = None
    return out


def random_answers(n, points, null_prob):
    probs = rng.dirichlet(np.full(points, 0.8))
    vals = rng.choice(np.arange(1, points + 1), size=n, p=probs)
    mask = rng.random(n) < null_prob
    return [None if m else int(v) for v, m in zip(vals, mask)]


items = []


def add_item(name, answers, sc):
    items.append({"id": name, "scale": sc, "answers": answers, "expected": item_expected(answers, sc)})


for points in (5, 9):
    for n in (3, 4, 6, 9, 14, 20, 27, 40, 51, 80, 150, 333, 700, 2000):
        null_prob = [0.0, 0.05, 0.2][len(items) % 3]
        add_item(f"random-{points}pt-n{n}", random_answers(n, points, null_prob), scale(points))
add_item("custom-scale-9pt-agree6-disagree4", random_answers(60, 9, 0.1), scale(9, 6, 4))
add_item("custom-scale-5pt-agree5-disagree1", random_answers(45, 5, 0.1), scale(5, 5, 1))
add_item("all-equal-5pt", [4] * 12, scale(5))
add_item("all-equal-9pt", [8] * 7 + [None, None], scale(9))
add_item("n1-5pt", [3], scale(5))
add_item("n1-9pt-with-null", [None, 2], scale(9))
add_item("n2-9pt", [1, 9], scale(9))
add_item("n4-5pt", [1, 5, 5, 2], scale(5))
add_item("all-null", [None, None, None], scale(5))
add_item("empty", [], scale(9))
add_item("rand-disagreement-9pt", [1, 1, 2, 2, 3, 8, 9, 9, 9, 9, None], scale(9))
add_item("rand-asymmetric-9pt", [7, 8, 8, 9, 9, 9, 9, 3, 2, 8, 9], scale(9))
add_item("bimodal-5pt", [1, 1, 1, 5, 5, 5, 3, 2, 4], scale(5))
add_item("b1mg-12-2-0", [5] * 6 + [4] * 6 + [3] * 2, scale(5))

# ---------------------------------------------------------------- paired data


def wilcoxon_method(d):
    """The path SciPy 1.17's method="auto" takes (scipy/stats/_wilcoxon.py), checked against SciPy below."""
    nz = d[d != 0]
    has_ties = len(np.unique(np.abs(nz))) < len(nz)
    if len(d) > 50:
        return "approx"
    if not has_ties and len(nz) == len(d):
        return "exact"
    # 2**13 = 8192 sign flips <= permutation_test's 9999 resamples: exhaustive, deterministic
    return "permutation" if len(d) <= 13 else "approx"


SCIPY_METHODS = {"exact": lambda: "exact", "permutation": lambda: st.PermutationMethod(),
                 "approx": lambda: "asymptotic"}


def wilcoxon_expected(x, y):
    d = x - y
    if len(d) == 0:
        return {"statistic": None, "pvalue": None, "method": None}
    method = wilcoxon_method(d)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        # all-zero differences divide 0 by 0 in the normal approximation (NaN p-value): expected here
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            res = st.wilcoxon(x, y)
        except ValueError:  # one pair with a zero difference: the permutation test needs two observations
            assert method == "permutation" and len(d) == 1, d
            return {"statistic": None, "pvalue": None, "method": method}
        forced = st.wilcoxon(x, y, method=SCIPY_METHODS[method]())
    # the "auto" result must be the one of the path we name
    assert (num(res.pvalue), num(res.statistic)) == (num(forced.pvalue), num(forced.statistic)), (d, res, forced)
    return {"statistic": num(res.statistic), "pvalue": num(res.pvalue), "method": method}


def paired_expected(before, after, sc):
    pairs = [(b, a) for b, a in zip(before, after) if b is not None and a is not None]
    x = np.array([p[0] for p in pairs], dtype=float)
    y = np.array([p[1] for p in pairs], dtype=float)
    n = len(pairs)
    changed = sum(1 for b, a in pairs if category(b, sc) != category(a, sc))
    return {
        "nPairs": n,
        "nChanged": changed,
        "changedPct": None if n == 0 else changed * 100 / n,
        "wilcoxon": wilcoxon_expected(x, y),
    }


paired = []


def add_paired(name, before, after, sc):
    paired.append({"id": name, "scale": sc, "before": before, "after": after,
                   "expected": paired_expected(before, after, sc)})


def random_paired(n, points, move_prob, null_prob, drift=0):
    before = random_answers(n, points, 0.0)
    after = []
    for b in before:
        if rng.random() < move_prob:
            step = int(rng.integers(-2, 3)) + drift
            after.append(int(min(points, max(1, b + step))))
        else:
            after.append(b)
    before = [None if rng.random() < null_prob else b for b in before]
    after = [None if rng.random() < null_prob else a for a in after]
    return before, after


for points in (5, 9):
    for n in (8, 15, 30, 50, 60, 120, 400, 2000):
        b, a = random_paired(n, points, 0.6, 0.05, drift=int(rng.integers(0, 2)))
        add_paired(f"random-{points}pt-n{n}", b, a, scale(points))


def random_paired_no_zeros(n, points):
    """Every panellist moves (no zero differences): ties make it a permutation test (n <= 13) or the normal
    approximation (n > 13) in SciPy 1.17."""
    before = [int(v) for v in rng.integers(2, points, size=n)]  # 2..points-1: both directions possible
    after = [b + (int(rng.integers(1, 3)) * (1 if rng.random() < 0.6 else -1)) for b in before]
    after = [min(points, max(1, a)) for a in after]
    after = [a if a != b else a + 1 for a, b in zip(after, before)]
    return before, after


for points, n in [(5, 6), (5, 12), (9, 18), (9, 25), (5, 50), (9, 49)]:
    add_paired(f"random-no-zeros-{points}pt-n{n}", *random_paired_no_zeros(n, points), scale(points))
# Exact path, no ties, no zeros (|d| distinct needs n <= points - 1).
add_paired("exact-no-ties-8", [9, 1, 9, 1, 9, 1, 9, 1], [8, 3, 6, 5, 4, 7, 2, 9], scale(9))
add_paired("exact-no-ties-4", [5, 1, 5, 1], [4, 3, 2, 5], scale(5))
# Ties, n <= 13: SciPy 1.17 runs the exhaustive sign-flip permutation test (SciPy 1.10 used the exact table).
add_paired("ties-halfrank-n7", [2, 3, 4, 5, 5, 1, 3], [1, 2, 5, 3, 4, 2, 5], scale(5))
add_paired("ties-n13", [5, 5, 4, 4, 3, 5, 5, 2, 1, 4, 5, 5, 3], [4, 3, 5, 2, 1, 4, 3, 4, 3, 5, 4, 2, 4], scale(5))
add_paired("centre-n4", [2, 1, 3, 4], [1, 2, 1, 5], scale(5))
add_paired("all-zero-differences", [3, 4, 5, 2, None], [3, 4, 5, 2, 1], scale(5))
add_paired("all-zero-differences-large", [4] * 60, [4] * 60, scale(5))
add_paired("some-zero-differences", [3, 4, 5, 2, 5, 5, 1, 4, 4, 3], [3, 5, 5, 1, 4, 3, 1, 4, 2, 5], scale(5))
add_paired("n1", [4], [2], scale(5))
add_paired("n2", [4, 5], [2, 5], scale(5))
add_paired("n3-with-nulls", [4, None, 7, 2], [2, 3, None, 1], scale(9))
add_paired("n1-zero", [4], [4], scale(5))  # SciPy raises: a permutation test needs two observations
add_paired("n3-ties", [3, 4, 5], [2, 3, 3], scale(5))
add_paired("n3-one-zero", [3, 4, 5], [3, 2, 1], scale(5))
add_paired("n4-ties-and-zero", [3, 4, 5, 2], [3, 3, 4, 3], scale(5))
add_paired("all-zero-differences-n2", [2, 5], [2, 5], scale(5))
add_paired("all-zero-differences-n13", [4] * 13, [4] * 13, scale(5))  # last n of the permutation path: p = 1
add_paired("all-zero-differences-n14", [4] * 14, [4] * 14, scale(5))  # normal approximation: 0/0, NaN
add_paired("ties-n14-approx", [5, 5, 4, 4, 3, 5, 5, 2, 1, 4, 5, 5, 3, 2], [4, 3, 5, 2, 1, 4, 3, 4, 3, 5, 4, 2, 4, 3],
           scale(5))
add_paired("ties-n13-one-zero", [5, 5, 4, 4, 3, 5, 5, 2, 1, 4, 5, 5, 3], [4, 3, 5, 2, 1, 4, 3, 4, 3, 5, 4, 2, 3],
           scale(5))
add_paired("no-pairs", [None, 3], [4, None], scale(5))
n51_before = [int(v) for v in rng.integers(2, 9, size=51)]
n51_after = [v - 1 if i % 3 else v + 1 for i, v in enumerate(n51_before)]
add_paired("n51-no-zeros", n51_before, n51_after, scale(9))
for points in (5, 9):
    for n in (3, 5, 7, 10, 12, 13):
        b, a = random_paired(n, points, 0.7, 0.0, drift=int(rng.integers(0, 2)))
        add_paired(f"small-{points}pt-n{n}", b, a, scale(points))

# ---------------------------------------------------------------- panel agreement


def kendall_w(m):
    """Textbook Kendall's W with tie correction (Kendall & Babington Smith 1939):

        W = 12 S / (m^2 (n^3 - n) - m sum_j T_j),  S = sum_i (R_i - mean R)^2,
        T_j = sum over tie groups t of rater j of (t^3 - t),

    ranks per rater across items = scipy.stats.rankdata(method="average").
    """
    m_raters, n_items = m.shape
    if m_raters < 2 or n_items < 2:  # concordance needs two raters and two items
        return None
    ranks = np.vstack([st.rankdata(row) for row in m])
    r = ranks.sum(axis=0)
    s = float(np.sum((r - r.mean()) ** 2))
    t = 0.0
    for row in m:
        _, c = np.unique(row, return_counts=True)
        t += float(np.sum(c ** 3 - c))
    denom = m_raters ** 2 * (n_items ** 3 - n_items) - m_raters * t
    return None if denom == 0 else 12 * s / denom


def fleiss(table):
    """Fleiss' kappa (Fleiss 1971) on an items x categories count table, every item rated by the same
    number of raters: the computation of statsmodels' fleiss_kappa(method="fleiss"), written out.
    Undefined (None) with fewer than two items or two raters, or when chance agreement is 1."""
    table = np.asarray(table, dtype=float)
    if table.shape[0] < 2 or table.sum(axis=1).max() < 2:
        return None
    n_items = table.shape[0]
    raters = table.sum(axis=1)[0]
    assert np.all(table.sum(axis=1) == raters)
    p_category = table.sum(axis=0) / (n_items * raters)
    p_item = (np.sum(table * table, axis=1) - raters) / (raters * (raters - 1))
    observed = p_item.mean()
    expected = np.sum(p_category * p_category)
    if expected == 1:
        return None
    kappa = num((observed - expected) / (1 - expected))
    fleiss_computed.append((table.tolist(), kappa))
    return kappa


fleiss_computed = []  # (table, kappa) of every defined kappa, for the statsmodels cross-check


def statsmodels_cross_check(tables, kappas):
    """Recomputes every kappa with statsmodels under Debian's interpreter, if it has statsmodels."""
    code = ("import json, sys; from statsmodels.stats.inter_rater import fleiss_kappa; import statsmodels; "
            "t = json.load(sys.stdin); "
            "print(json.dumps({'version': statsmodels.__version__, "
            "'kappas': [float(fleiss_kappa(x, method='fleiss')) for x in t]}))")
    try:
        out = subprocess.run([DEBIAN_PYTHON, "-c", code], input=json.dumps(tables), capture_output=True,
                             text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        return f"not run ({DEBIAN_PYTHON} has no statsmodels: {str(e)[:80]})"
    theirs = json.loads(out.stdout)
    worst = max((abs(a - b) for a, b in zip(kappas, theirs["kappas"])), default=0.0)
    assert len(theirs["kappas"]) == len(kappas) and worst <= 1e-12, worst
    return (f"every kappa recomputed with statsmodels {theirs['version']} fleiss_kappa(method='fleiss') "
            f"under {DEBIAN_PYTHON}: {len(kappas)} tables, max |difference| {worst:.1e}")


def panel_expected(ratings, sc):
    complete = [row for row in ratings if all(v is not None for v in row)]
    m = np.array(complete, dtype=float).reshape(len(complete), len(ratings[0]) if ratings else 0)
    points = sc["points"]
    # subjects (items) x categories count tables
    by_point = np.array([[int(np.sum(m[:, i] == k)) for k in range(1, points + 1)] for i in range(m.shape[1])])
    cat_idx = {"disagree": 0, "neutral": 1, "agree": 2}
    by_cat = np.zeros((m.shape[1], 3), dtype=int)
    for i in range(m.shape[1]):
        for v in m[:, i]:
            by_cat[i, cat_idx[category(v, sc)]] += 1
    return {
        "nRaters": len(complete),
        "nItems": int(m.shape[1]),
        "pointTable": by_point.tolist(),
        "fleissKappaPoints": fleiss(by_point),
        "fleissKappaCategories": fleiss(by_cat),
        "kendallW": num(kendall_w(m)),
    }


panels = []


def add_panel(name, ratings, sc):
    panels.append({"id": name, "scale": sc, "ratings": ratings, "expected": panel_expected(ratings, sc)})


def random_panel(raters, n_items, points, incomplete_prob):
    # item "difficulty" shifts + rater noise, so agreement is neither 0 nor 1
    centres = rng.uniform(1, points, size=n_items)
    rows = []
    for _ in range(raters):
        bias = rng.normal(0, 0.7)
        row = []
        for c in centres:
            row.append(int(min(points, max(1, round(c + bias + rng.normal(0, 1.2))))))
        if rng.random() < incomplete_prob:  # a panellist who skipped one item
            row[int(rng.integers(0, n_items))] = None
        rows.append(row)
    return rows


for raters, n_items, points in [(3, 5, 5), (5, 12, 5), (14, 30, 5), (25, 40, 9), (8, 3, 9), (40, 20, 9),
                                (2, 10, 5), (60, 15, 5)]:
    add_panel(f"random-{points}pt-{raters}x{n_items}", random_panel(raters, n_items, points, 0.15), scale(points))
add_panel("perfect-agreement", [[4, 2, 5], [4, 2, 5], [4, 2, 5]], scale(5))
add_panel("all-same-value", [[3, 3, 3], [3, 3, 3]], scale(5))
add_panel("one-rater", [[1, 2, 3, 4]], scale(5))
add_panel("one-item", [[3], [4], [5]], scale(5))
add_panel("one-rater-one-item", [[2]], scale(5))
add_panel("two-raters-two-items", [[1, 4], [2, 5]], scale(5))
add_panel("two-complete-of-three", [[1, 4, 2], [2, 5, 3], [None, 5, 3]], scale(9))
add_panel("one-complete-rater", [[1, 4, 2], [2, None, 3], [None, 5, 3]], scale(5))
add_panel("constant-rater", [[3, 3, 3, 3], [1, 2, 4, 5], [2, 2, 5, 4]], scale(5))
add_panel("with-incomplete-rater", [[1, 2, 3, 4], [2, None, 3, 5], [1, 3, 3, 5], [2, 2, 4, 4]], scale(5))

fleiss_check = statsmodels_cross_check([t for t, _ in fleiss_computed], [k for _, k in fleiss_computed])

ref = {
    "meta": {
        "generator": "scripts/stats-reference.py",
        "seed": SEED,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "fleissCrossCheck": fleiss_check,
        "quantiles": "numpy.percentile(method='linear') == R quantile type 7",
        "wilcoxon": "scipy.stats.wilcoxon(x=before, y=after) defaults of SciPy 1.17 (method='auto'); "
                    "ValueError/NaN stored as null; method = the path auto took, verified by forcing it",
        "fleiss": "Fleiss (1971) formula in NumPy (= statsmodels fleiss_kappa(method='fleiss')) on items x "
                  "categories; raters with a null are dropped; null with < 2 raters or < 2 items",
        "kendallW": "textbook formula with tie correction, scipy.stats.rankdata average ranks",
    },
    "items": items,
    "paired": paired,
    "panels": panels,
}

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump(ref, f, separators=(",", ":"), allow_nan=False)
    f.write("\n")
print(f"wrote {os.path.normpath(OUT)}: {len(items)} items, {len(ref['paired'])} paired, {len(panels)} panels, "
      f"{os.path.getsize(OUT)} bytes")
