"""Reference values for the dev.holdfast.clv tests, computed independently of the Java code.

Maximum-likelihood fits use SciPy (Nelder-Mead, then BFGS) on the textbook log-likelihoods; standard errors come
from a finite-difference Hessian of the negative log-likelihood in log-parameter space; the hypergeometric
function, digamma, E[X(t)], E[Y(t) | x, t_x, T] and P(alive) are evaluated with mpmath at 40 significant digits in the
paper's own form (eqs. 7 and 10 of Fader, Hardie and Lee 2005).

    cd holdfast-core/src/test/resources/clv && python3 bgnbd_gammagamma_reference.py > bgnbd_gammagamma_reference.out

Checked with Python 3.11.7, NumPy 2.4.6, SciPy 1.17.1, mpmath 1.3.0.
"""
import csv

import mpmath as mp
import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln

mp.mp.dps = 40
Z95 = 1.959963984540054

rows = list(csv.DictReader(open("cdnow_customers_summary_with_transactions.csv")))
x = np.array([float(r["x"]) for r in rows])
tx = np.array([float(r["t_x"]) for r in rows])
T = np.array([float(r["T"]) for r in rows])
zbar = np.array([float(r["zbar"]) for r in rows])
print(f"cdnow customers={len(x)} repeat_buyers={(x > 0).sum()} repeat_purchases={x.sum():.0f}")


def bgnbd_nll(log_params):
    r, alpha, a, b = np.exp(log_params)
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    beta_ratio = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    first = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore"):
        second = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx),
                          -np.inf)
    return -(common + beta_ratio + np.logaddexp(first, second)).sum()


repeat = x > 0
xr, mr = x[repeat], zbar[repeat]


def gg_nll(log_params):
    p, q, g = np.exp(log_params)
    return -(gammaln(p * xr + q) - gammaln(p * xr) - gammaln(q) + q * np.log(g) + (p * xr - 1) * np.log(mr)
             + p * xr * np.log(xr) - (p * xr + q) * np.log(g + xr * mr)).sum()


def fit(nll, dimension):
    result = minimize(nll, np.zeros(dimension), method="Nelder-Mead",
                      options=dict(xatol=1e-12, fatol=1e-12, maxiter=40000, maxfev=80000))
    result = minimize(nll, result.x, method="BFGS", options=dict(gtol=1e-9))
    return result


def hessian(f, point, h=1e-4):
    n = len(point)
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            def at(di, dj):
                q = point.copy()
                q[i] += di
                q[j] += dj
                return f(q)
            out[i, j] = (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h)
    return out


for name, nll, names in (("bgnbd", bgnbd_nll, ("r", "alpha", "a", "b")), ("gammagamma", gg_nll, ("p", "q", "gamma"))):
    result = fit(nll, len(names))
    values = [float(v) for v in np.exp(result.x)]
    log_errors = [float(e) for e in np.sqrt(np.diag(np.linalg.inv(hessian(nll, result.x))))]
    print(f"{name} loglik={float(-result.fun)!r}")
    for label, value, log_error in zip(names, values, log_errors):
        print(f"{name} {label} value={value!r} se={value * log_error!r} "
              f"lower={value * float(np.exp(-Z95 * log_error))!r} upper={value * float(np.exp(Z95 * log_error))!r}")
    if name == "bgnbd":
        mle = values

print(f"gammagamma correlation={float(np.corrcoef(xr, mr)[0, 1])!r}")


def hyp2f1(a, b, c, z):
    return mp.hyp2f1(a, b, c, z)


print("hyp2f1 (a, b, c, z) value")
for args in ((1, 1, 2, 0.5), (1, 1, 2, -3), (0.7, 2.3, 2.3, 0.9), (-3, 2, 5, 0.4), (0.5, 0.5, 1.5, 0.99),
             (2.243, 4.426, 4.219, 0.4698), (50.243, 52.426, 52.219, 0.5), (0.2425929, 2.4257521, 2.2186380, 0.95),
             (3.5, -1.25, 0.4, -0.7), (1.5, 2.5, -0.5, 0.3)):
    print("hyp2f1", args, mp.nstr(hyp2f1(*[mp.mpf(v) for v in args]), 17))


def excess(a, b, c, z):
    a, b, c, z = (mp.mpf(v) for v in (a, b, c, z))
    if b == 0:
        return c * mp.diff(lambda bb: mp.hyp2f1(a, bb, c, z), 0)
    return c * (mp.hyp2f1(a, b, c, z) - 1) / b


print("digamma x value")
for value in ("1e-8", "0.001", "0.2426", "1", "1.4616321449683622", "2.4257", "5.5", "9.999", "10", "10.3", "48.9",
              "49.1", "100.5", "1e6"):
    print("digamma", value, mp.nstr(mp.digamma(mp.mpf(value)), 17))

print("excess (a, b, c, z) value")
for args in ((1, 0, 1, 0.5), (0.45, -0.2, 1.9, 0.6), (-0.0325929, 0, 2.219, 0.3), (1.2, 0.3, -0.5, 0.8)):
    print("excess", args, mp.nstr(excess(*args), 17))


def expected_x(r, alpha, a, b, t):
    r, alpha, a, b, t = (mp.mpf(v) for v in (r, alpha, a, b, t))
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * mp.hyp2f1(r, b, a + b - 1, t / (alpha + t)))


def expected_y(r, alpha, a, b, t, x, tx, T):
    r, alpha, a, b, t, x, tx, T = (mp.mpf(v) for v in (r, alpha, a, b, t, x, tx, T))
    bracket = (a + b + x - 1) / (a - 1) * (
        1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * mp.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t)))
    return bracket / (1 + (1 if x > 0 else 0) * a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))


def p_alive(r, alpha, a, b, x, tx, T):
    r, alpha, a, b, x, tx, T = (mp.mpf(v) for v in (r, alpha, a, b, x, tx, T))
    if x == 0:
        return mp.mpf(1)
    return 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))


published = (0.243, 4.414, 0.793, 2.426)
print("mle", mle)
for label, params in (("published", published), ("mle", tuple(mle))):
    for t in (0.1429, 1.0, 3.0, 31.8571, 32.0, 78.0):
        print(f"expected_x {label} t={t} {mp.nstr(expected_x(*params, t), 17)}")
    print(f"expected_y {label} t=39 x=2 tx=30.43 T=38.86 {mp.nstr(expected_y(*params, 39, 2, 30.43, 38.86), 17)}")
    print(f"p_alive {label} x=2 tx=30.43 T=38.86 {mp.nstr(p_alive(*params, 2, 30.43, 38.86), 17)}")

# a at and next to 1, where eq. 10 is 0/0: mpmath at 40 digits with a = 1 + 1e-25 stands in for the limit
for a in ("1e-25", "1e-9", "-1e-9"):
    params = (0.5, 3.0, 1 + mp.mpf(a), 2.0)
    print(f"expected_y a=1+({a}) t=20 x=3 tx=10 T=15 {mp.nstr(expected_y(*params, 20, 3, 10, 15), 17)}")
    print(f"expected_x a=1+({a}) t=20 {mp.nstr(expected_x(*params, 20), 17)}")
# a long horizon against alpha + T, and a + b - 1 < 0 with x = 0
print(f"expected_y long t=5000 x=1 tx=2 T=4 {mp.nstr(expected_y(0.3, 2.0, 0.6, 1.4, 5000, 1, 2, 4), 17)}")
print(f"expected_x small a+b t=10 {mp.nstr(expected_x(0.8, 1.5, 0.3, 0.4, 10), 17)}")
print(f"expected_y large x t=26 x=60 tx=37 T=38 {mp.nstr(expected_y(*published, 26, 60, 37, 38), 17)}")
