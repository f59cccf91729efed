"""Computes the Gauss-Kronrod nodes and weights used by lib/integrate/gauss_kronrod.ts.

Nothing is copied from published tables: the Kronrod nodes are the roots of the Stieltjes
polynomial E_{n+1}, defined by orthogonality to every polynomial of degree <= n under the
weight P_n(x) on [-1, 1]; its coefficients are solved for in exact rational arithmetic, the
roots and weights are then found in 60-digit arithmetic (mpmath) and rounded to doubles.

Run: python3 tests/integrate/golden/gauss_kronrod_nodes.py
"""
from fractions import Fraction
import mpmath as mp

mp.mp.dps = 60


def legendre_coeffs(n):
    """Coefficients (ascending powers) of P_n, exact, by Bonnet's recurrence."""
    p0, p1 = [Fraction(1)], [Fraction(0), Fraction(1)]
    if n == 0:
        return p0
    for k in range(1, n):
        nxt = [Fraction(0)] * (k + 2)
        for i, c in enumerate(p1):
            nxt[i + 1] += Fraction(2 * k + 1, k + 1) * c
        for i, c in enumerate(p0):
            nxt[i] -= Fraction(k, k + 1) * c
        p0, p1 = p1, nxt
    return p1


def moment(m):
    """Integral of x^m over [-1, 1]."""
    return Fraction(0) if m % 2 else Fraction(2, m + 1)


def solve_exact(a, b):
    """Gaussian elimination over the rationals."""
    n = len(b)
    a = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        piv = next(r for r in range(c, n) if a[r][c] != 0)
        a[c], a[piv] = a[piv], a[c]
        for r in range(n):
            if r != c and a[r][c] != 0:
                f = a[r][c] / a[c][c]
                a[r] = [x - f * y for x, y in zip(a[r], a[c])]
    return [a[i][n] / a[i][i] for i in range(n)]


def kronrod(n):
    pn = legendre_coeffs(n)
    # E(x) = x^(n+1) + sum_{k<=n} c_k x^k with int P_n E x^j = 0 for j = 0..n.
    def inner(k, j):
        return sum(c * moment(i + k + j) for i, c in enumerate(pn))
    mat = [[inner(k, j) for k in range(n + 1)] for j in range(n + 1)]
    rhs = [-inner(n + 1, j) for j in range(n + 1)]
    coeffs = solve_exact(mat, rhs) + [Fraction(1)]
    e_roots = mp.polyroots([mp.mpf(c.numerator) / c.denominator for c in reversed(coeffs)],
                           maxsteps=500, extraprec=400)
    g_poly = [mp.mpf(c.numerator) / c.denominator for c in reversed(pn)]
    g_roots = mp.polyroots(g_poly, maxsteps=500, extraprec=400)
    nodes = sorted([mp.re(r) for r in e_roots] + [mp.re(r) for r in g_roots], reverse=True)
    # Kronrod weights: exactness for x^k, k = 0..2n (one equation per node).
    size = len(nodes)
    vand = mp.matrix([[x ** k for x in nodes] for k in range(size)])
    mom = mp.matrix([mp.mpf(moment(k).numerator) / moment(k).denominator for k in range(size)])
    wk = mp.lu_solve(vand, mom)
    # Gauss weights 2 / ((1 - x^2) P_n'(x)^2) at the Gauss nodes.
    dp = [i * c for i, c in enumerate(pn)][1:]
    def deriv(x):
        return sum(mp.mpf(c.numerator) / c.denominator * x ** i for i, c in enumerate(dp))
    gauss = {}
    for r in g_roots:
        x = mp.re(r)
        gauss[mp.nstr(x, 40)] = 2 / ((1 - x * x) * deriv(x) ** 2)
    return nodes, wk, gauss


for n in (7, 10):
    nodes, wk, gauss = kronrod(n)
    half = [(x, wk[i]) for i, x in enumerate(nodes) if x >= -mp.mpf(10) ** -50]
    print(f"// {2 * n + 1}-point Kronrod / {n}-point Gauss (abscissae descending, centre last)")
    print("xgk", [repr(float(x)) if abs(x) > 1e-50 else "0" for x, _ in half])
    print("wgk", [repr(float(w)) for _, w in half])
    print("wg ", [repr(float(gauss[mp.nstr(x, 40)])) if mp.nstr(x, 40) in gauss else "0"
                  for x, _ in half])
