"""Reference values for the Pareto/NBD and shifted-beta-geometric tests, computed without the Java code.

2F1(a, b; a + 1; z) and its partial derivatives of the logarithm at 40 digits (mpmath), the Pareto/NBD
maximum-likelihood fit to CDNOW (SciPy, with an independent likelihood), P(alive) and E[Y(t) | x, t_x, T] at the
published estimates (mpmath, the note's formulas), and the sBG fits to the two retention cohorts with their
projections and DERL (SciPy and mpmath). Run from this folder:

    python3 pareto_nbd_sbg_reference.py > pareto_nbd_sbg_reference.out
"""
import csv
import math
import random

import mpmath
import numpy as np
import scipy
from scipy.optimize import minimize
from scipy.special import betaln, gammaln, hyp2f1

mpmath.mp.dps = 40


def log_f(a, b, z):
    return mpmath.log(mpmath.hyp2f1(a, b, a + 1, z, maxterms=10**6, maxprec=30000))


def hyp_row(a, b, y):
    """a, b, z, 1 - z as doubles; ln F and its derivatives at z = 1 - y exactly (y < 0.5) or at z."""
    with mpmath.workdps(40 + max(0, int(-math.log10(y)))):
        return hyp_row_at_precision(mpmath.mpf(a), mpmath.mpf(b), float(y))


def hyp_row_at_precision(a, b, y):
    z = 1.0 - y
    if y < 0.5:
        zz = 1 - mpmath.mpf(y)
    else:
        zz = mpmath.mpf(z)
        y = float(1 - zz)
    value = log_f(a, b, zz)
    d_a = mpmath.diff(lambda t: log_f(t, b, zz), a)
    d_b = mpmath.diff(lambda t: log_f(a, t, zz), b)
    d_z = a * b / (a + 1) * mpmath.hyp2f1(a + 1, b + 1, a + 2, zz, maxterms=10**6, maxprec=30000) / mpmath.exp(value)
    return [repr(float(a)), repr(float(b)), repr(z), repr(y)] + [mpmath.nstr(v, 20) for v in (value, d_a, d_b, d_z)]


def hypergeometric_table():
    print("## 2F1(a, b; a+1; z): a, b, z, 1-z, ln F, d ln F/da, d ln F/db, d ln F/dz (z moves with 1 - z)")
    edge = [
        (0.5, 1.5, 0.5), (10.0, 0.2, 0.9), (3.0, 2.5, 0.03),  # plain series and Euler-transformed series
        (1.2, 0.7, 1 - 0.974), (1.2, 0.7, 1 - 0.976), (1.2, 3.7, 1 - 0.974), (1.2, 3.7, 1 - 0.976),  # switch
        (2.0, 1.0, 1e-3), (2.0, 1.0 + 1e-9, 1e-3), (2.0, 1.0 - 1e-9, 1e-3),  # b at the integers where the
        (5.0, 2.0, 1e-6), (5.0, 2.0 + 1e-9, 1e-6), (5.0, 3.0, 1e-9), (5.0, 3.0 - 1e-9, 1e-9),  # 1-z formula is 0/0
        (1.16, 1.61, 1e-12), (1.16, 0.55, 1e-12), (1.16, 1.61, 1e-200), (1.16, 0.55, 1e-200),  # z rounds to 1
        (30.0, 1.6, 1e-15), (1e4, 1.6, 1e-5), (1e4, 30.5, 1e-8), (1e6, 0.5, 1e-7), (3000.0, 2995.0, 0.3),
        (0.01, 0.01, 1e-10), (0.01, 500.0, 1e-4), (0.05, 2000.0, 0.5), (2000.0, 0.05, 1e-14),
        (0.5, 5.0, 0.8),  # b > a + 1: Euler's series would alternate
    ]
    for a, b, y in edge:
        print(",".join(hyp_row(a, b, y)))
    generator = random.Random(20_241_105)
    for _ in range(120):
        a = math.exp(generator.uniform(math.log(0.02), math.log(1e5)))
        b = math.exp(generator.uniform(math.log(0.02), math.log(2e3)))
        y = math.exp(generator.uniform(math.log(1e-15), math.log(1.0)))
        print(",".join(hyp_row(float("%.6g" % a), float("%.6g" % b), float("%.6g" % y))))
    print()


def cdnow():
    rows = list(csv.reader(open("cdnow_customers_summary.csv")))[1:]
    x = np.array([float(r[1]) for r in rows])
    tx = np.array([float(r[2]) for r in rows])
    big_t = np.array([float(r[3]) for r in rows])

    def log_likelihood(p):
        r, al, s, be = np.exp(p)
        a = r + s + x
        b, m = (s + 1, al) if al >= be else (r + x, be)
        log_i1 = -a * np.log(m + tx) - np.log(a) + np.log(hyp2f1(a, b, a + 1, abs(al - be) / (m + tx)))
        log_i2 = -a * np.log(m + big_t) - np.log(a) + np.log(hyp2f1(a, b, a + 1, abs(al - be) / (m + big_t)))
        with np.errstate(divide="ignore"):
            log_dead = np.log(s) + log_i1 + np.log1p(-np.exp(log_i2 - log_i1))
        log_alive = -(r + x) * np.log(al + big_t) - s * np.log(be + big_t)
        top = np.maximum(log_alive, log_dead)
        bracket = top + np.log(np.exp(log_alive - top) + np.exp(log_dead - top))
        return np.sum(gammaln(r + x) - gammaln(r) + r * np.log(al) + s * np.log(be) + bracket)

    fit = minimize(lambda p: -log_likelihood(p), np.zeros(4), method="Nelder-Mead",
                   options=dict(xatol=1e-10, fatol=1e-12, maxiter=20000, maxfev=40000))
    fit = minimize(lambda p: -log_likelihood(p), fit.x, method="BFGS", options=dict(gtol=1e-9))
    p = fit.x
    h = 1e-4
    hessian = np.zeros((4, 4))
    for i in range(4):
        for j in range(4):
            def shifted(di, dj):
                q = p.copy()
                q[i] += di
                q[j] += dj
                return log_likelihood(q)
            hessian[i, j] = (shifted(h, h) - shifted(h, -h) - shifted(-h, h) + shifted(-h, -h)) / (4 * h * h)
    log_errors = np.sqrt(np.diag(np.linalg.inv(-hessian)))
    print("## Pareto/NBD on cdnow_customers_summary.csv (SciPy Nelder-Mead then BFGS, log parameters)")
    print("name,estimate,standard error (delta method),lower 95%,upper 95%")
    for name, value, error in zip(["r", "alpha", "s", "beta"], np.exp(p), log_errors):
        print("%s,%.10g,%.6g,%.6g,%.6g" % (name, value, value * error, value * math.exp(-1.959963984540054 * error),
                                          value * math.exp(1.959963984540054 * error)))
    print("logLikelihood,%.10f" % log_likelihood(p))
    print("logLikelihood at the published (0.55, 10.58, 0.61, 11.67),%.6f" % log_likelihood(np.log([0.55, 10.58, 0.61, 11.67])))
    print()

    r, al, s, be = [mpmath.mpf(v) for v in ("0.55", "10.58", "0.61", "11.67")]
    print("## Pareto/NBD at r = 0.55, alpha = 10.58, s = 0.61, beta = 11.67 (the note's formulas, mpmath 40 digits)")
    print("x,t_x,T,ln L,P(alive),E[Y(39)|x,t_x,T],E[Y(52)|x,t_x,T]")
    for cx, ctx, ct in [(2, "30.43", "38.86"), (0, "0", "38.86"), (1, "1.71", "38.86"), (7, "29.43", "35.14"),
                        (0, "0", "27.0"), (29, "32.0", "33.0"), (10, "32.71", "32.71"), (5, "3.0", "38.0")]:
        ctx = mpmath.mpf(ctx)
        ct = mpmath.mpf(ct)
        a = r + s + cx
        if al >= be:
            f = lambda t: mpmath.hyp2f1(a, s + 1, a + 1, (al - be) / (al + t)) / (al + t) ** a
        else:
            f = lambda t: mpmath.hyp2f1(a, r + cx, a + 1, (be - al) / (be + t)) / (be + t) ** a
        a0 = f(ctx) - f(ct)
        alive_term = 1 / ((al + ct) ** (r + cx) * (be + ct) ** s)
        bracket = alive_term + s / a * a0
        log_l = mpmath.loggamma(r + cx) - mpmath.loggamma(r) + r * mpmath.log(al) + s * mpmath.log(be) + mpmath.log(bracket)
        p_alive = alive_term / bracket
        expected = [(r + cx) * (be + ct) / ((al + ct) * (s - 1)) * (1 - ((be + ct) / (be + ct + t)) ** (s - 1)) * p_alive
                    for t in (39, 52)]
        print("%d,%s,%s,%s,%s,%s,%s" % (cx, mpmath.nstr(ctx, 6), mpmath.nstr(ct, 6), mpmath.nstr(log_l, 17),
                                        mpmath.nstr(p_alive, 17), mpmath.nstr(expected[0], 17),
                                        mpmath.nstr(expected[1], 17)))
    print("E[X(t)] at t = 1, 39, 78:", ", ".join(mpmath.nstr(r * be / (al * (s - 1)) * (1 - (be / (be + t)) ** (s - 1)), 17)
                                                for t in (1, 39, 78)))
    print()


def sbg():
    rows = list(csv.reader(open("customer_retention.csv")))[1:]
    for column, name in [(1, "regular"), (2, "high end")]:
        alive = [round(float(row[column]) * 10) for row in rows]
        calibration = alive[:8]

        def log_likelihood(p, counts=calibration):
            al, be = np.exp(p)
            total = 0.0
            for t in range(1, len(counts)):
                total += (counts[t - 1] - counts[t]) * (betaln(al + 1, be + t - 1) - betaln(al, be))
            return total + counts[-1] * (betaln(al, be + len(counts) - 1) - betaln(al, be))

        fit = minimize(lambda p: -log_likelihood(p), np.zeros(2), method="Nelder-Mead",
                       options=dict(xatol=1e-12, fatol=1e-13, maxiter=10000))
        p = fit.x
        h = 1e-4
        hessian = np.zeros((2, 2))
        for i in range(2):
            for j in range(2):
                def shifted(di, dj):
                    q = p.copy()
                    q[i] += di
                    q[j] += dj
                    return log_likelihood(q)
                hessian[i, j] = (shifted(h, h) - shifted(h, -h) - shifted(-h, h) + shifted(-h, -h)) / (4 * h * h)
        log_errors = np.sqrt(np.diag(np.linalg.inv(-hessian)))
        al, be = np.exp(p)
        print("## sBG, %s cohort, years 0-7 %s (SciPy Nelder-Mead on log parameters)" % (name, calibration))
        for label, value, error in zip(["alpha", "beta"], (al, be), log_errors):
            print("%s,%.10g,%.6g,%.6g,%.6g" % (label, value, value * error, value * math.exp(-1.959963984540054 * error),
                                              value * math.exp(1.959963984540054 * error)))
        print("logLikelihood,%.10f" % log_likelihood(p))
        survival = [1.0]
        for t in range(1, 13):
            survival.append(survival[-1] * (be + t - 1) / (al + be + t - 1))
        print("projected % surviving, years 0-12:", ", ".join("%.4f" % (100 * v) for v in survival))
        print("observed % surviving, years 0-12: ", ", ".join("%.1f" % (v / 10) for v in alive))
        a_, b_ = mpmath.mpf(al), mpmath.mpf(be)
        derl = []
        for renewals in (0, 1, 4, 7):
            n = renewals + 1
            value = mpmath.beta(a_, b_ + n) / mpmath.beta(a_, b_ + n - 1) * mpmath.hyp2f1(1, b_ + n, a_ + b_ + n, 1 / mpmath.mpf("1.1"))
            derl.append("%d: %s" % (renewals, mpmath.nstr(value, 17)))
        print("DERL(d = 0.1 | alpha, beta, n - 1 renewals), renewals:", "; ".join(derl))
        print()


print("# Python %s, NumPy %s, SciPy %s, mpmath %s" % (
    ".".join(map(str, __import__("sys").version_info[:3])), np.__version__, scipy.__version__, mpmath.__version__))
print()
hypergeometric_table()
cdnow()
sbg()
