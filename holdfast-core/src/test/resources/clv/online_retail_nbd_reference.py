"""Reference values for the Online Retail calibration summary (online_retail_summary_2011-06-30.csv), without the
Java code: the NBD fitted by maximum likelihood (SciPy, its own likelihood), its log-likelihood at 50 digits
(mpmath), which is the supremum of the BG/NBD and Pareto/NBD log-likelihoods when the data show no drop-out, and the
exact log-likelihood at the points where Holdfast's fits stopped before boundaries were detected.

NBD: ln L = sum ln Gamma(r+x) - ln Gamma(r) + r ln alpha - (r+x) ln(alpha+T).
BG/NBD: Fader, Hardie and Lee (2005), eq. 6. Pareto/NBD at beta -> infinity: its NBD part bounds it from above.
"""
import csv
import os

import numpy as np
from mpmath import mp, mpf, log, loggamma, beta as mbeta
from scipy.optimize import minimize
from scipy.special import gammaln

HERE = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.DictReader(open(os.path.join(HERE, "online_retail_summary_2011-06-30.csv"))))
x = np.array([float(r["frequency"]) for r in rows])
tx = np.array([float(r["recency"]) for r in rows])
T = np.array([float(r["T"]) for r in rows])


def nll(p):
    r, a = np.exp(p)
    return -np.sum(gammaln(r + x) - gammaln(r) + r * np.log(a) - (r + x) * np.log(a + T))


res = minimize(nll, [0.0, 2.0], method="Nelder-Mead", options={"xatol": 1e-13, "fatol": 1e-13, "maxiter": 20000})
res = minimize(nll, res.x, method="BFGS", options={"gtol": 1e-12})
r_hat, a_hat = np.exp(res.x)

mp.dps = 50


def nbd_ll(r, a):
    r, a = mpf(r), mpf(a)
    return sum(loggamma(r + mpf(xi)) - loggamma(r) + r * log(a) - (r + mpf(xi)) * log(a + mpf(Ti)) for xi, Ti in zip(x, T))


def bgnbd_ll(r, a, pa, pb):
    r, a, pa, pb = mpf(r), mpf(a), mpf(pa), mpf(pb)
    total = mpf(0)
    for xi, txi, Ti in zip(x, tx, T):
        xi, txi, Ti = mpf(xi), mpf(txi), mpf(Ti)
        common = loggamma(r + xi) - loggamma(r) + r * log(a)
        first = mbeta(pa, pb + xi) / mbeta(pa, pb) / (a + Ti) ** (r + xi)
        second = mbeta(pa + 1, pb + xi - 1) / mbeta(pa, pb) / (a + txi) ** (r + xi) if xi > 0 else 0
        total += common + log(first + second)
    return total


print("customers", len(rows), "repeat buyers", int((x > 0).sum()), "repeat purchases", int(x.sum()))
print("nbd r", repr(float(r_hat)), "alpha", repr(float(a_hat)))
print("nbd loglikelihood", mp.nstr(nbd_ll(r_hat, a_hat), 20))
# where the BG/NBD and Pareto/NBD fits stopped before boundaries were detected (not converged)
old_bgnbd = (0.7444261951900724, 9.04805474493474, 2.8302296140068534e-8, 2375279.330967756)
print("old bgnbd point loglikelihood", mp.nstr(bgnbd_ll(*old_bgnbd), 20), "(reported then: -15328.306472683253)")
old_pareto = (0.7444260602499096, 9.048051317591835)
print("old pareto point, nbd part (an upper bound)", mp.nstr(nbd_ll(*old_pareto), 20),
      "(reported then: -15328.306478296914)")
