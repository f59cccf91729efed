"""Golden values for tests/kernel/jit_golden_test.ts: what numpy computes for each construct
jit() supports, on inputs full of edge cases (NaN, +-Infinity, -0, tiny and huge numbers).

Run: python3 tests/kernel/golden/jit_golden.py > tests/kernel/golden/jit_golden.json
(made with numpy 2.4.6). The test compares the committed JSON with jit()'s kernels, and when
python3 with numpy is present it also runs this script and checks the JSON is still what it prints.

Each case is a JavaScript function and the numpy expression of what it means. Where JavaScript
and numpy differ by definition the expression spells out JavaScript's meaning with numpy
operations, and the comment says so: NaN is falsy in JavaScript (truthy in numpy), `%` is C's
fmod (np.fmod, not np.remainder), `1 ** NaN` and `(+-1) ** +-Infinity` are NaN in JavaScript (1
in C), Math.sign(-0) is -0, Math.max(-0, 0) is 0, Math.round rounds halves up. Cases marked
"ulps" are functions whose last bit depends on the math library (V8's vs numpy's), compared to
within a few units in the last place; every other case is compared bit for bit.
"""
import json
import math
import warnings

import numpy as np

np.seterr(all="ignore")
warnings.simplefilter("ignore")

VALUES = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 7.0, -0.1, 1e-300, 1.5e300, math.nan, math.inf,
          -math.inf]
FEW = [0.0, -0.0, 2.0, -1.5, math.nan, math.inf]


def js(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return repr(v)


def truthy(a):
    """JavaScript's truthiness of a number: neither 0, -0 nor NaN."""
    return (a != 0) & ~np.isnan(a)


def js_max(x, y):
    zeros = (x == 0) & (y == 0)
    return np.where(zeros, np.where(np.signbit(x) & np.signbit(y), -0.0, 0.0), np.maximum(x, y))


def js_min(x, y):
    zeros = (x == 0) & (y == 0)
    return np.where(zeros, np.where(np.signbit(x) | np.signbit(y), -0.0, 0.0), np.minimum(x, y))


def js_pow(x, y):
    undefined = (np.abs(x) == 1) & ~np.isfinite(y)  # C's pow says 1, JavaScript NaN
    return np.where(undefined, np.nan, np.power(x, y))


def js_round(x):
    return np.where(x - np.floor(x) >= 0.5, np.ceil(x), np.floor(x))


def b(a):
    return np.asarray(a, dtype=np.float64)


# (source, numpy of x, y, z, "exact" or "ulps")
CASES = [
    ("(x, y) => x + y", lambda x, y: x + y, "exact"),
    ("(x, y) => x - y", lambda x, y: x - y, "exact"),
    ("(x, y) => x * y", lambda x, y: x * y, "exact"),
    ("(x, y) => x / y", lambda x, y: x / y, "exact"),
    ("(x, y) => x % y", lambda x, y: np.fmod(x, y), "exact"),
    ("(x, y) => x ** y", js_pow, "ulps"),
    ("(x) => x ** 2", lambda x: x * x, "exact"),
    ("(x) => x ** 3", lambda x: x * x * x, "exact"),
    ("(x) => x ** -2", lambda x: 1 / (x * x), "exact"),
    ("(x) => -x", lambda x: -x, "exact"),
    ("(x) => +x", lambda x: x, "exact"),
    ("(x) => -(-x)", lambda x: x, "exact"),
    ("(x) => !x", lambda x: b(~truthy(x)), "exact"),
    ("(x) => !!x", lambda x: b(truthy(x)), "exact"),
    ("(x, y) => x < y", lambda x, y: b(x < y), "exact"),
    ("(x, y) => x <= y", lambda x, y: b(x <= y), "exact"),
    ("(x, y) => x > y", lambda x, y: b(x > y), "exact"),
    ("(x, y) => x >= y", lambda x, y: b(x >= y), "exact"),
    ("(x, y) => x === y", lambda x, y: b(x == y), "exact"),
    ("(x, y) => x !== y", lambda x, y: b(x != y), "exact"),
    ("(x, y) => x == y", lambda x, y: b(x == y), "exact"),
    ("(x, y) => x != y", lambda x, y: b(x != y), "exact"),
    ("(x, y) => x > 0 && y > 0", lambda x, y: b((x > 0) & (y > 0)), "exact"),
    ("(x, y) => x < 0 || y < 0", lambda x, y: b((x < 0) | (y < 0)), "exact"),
    ("(x, y) => !(x >= y)", lambda x, y: b(~(x >= y)), "exact"),
    # && and || give an operand, as in JavaScript, chosen by JavaScript's truthiness.
    ("(x, y) => x && y", lambda x, y: np.where(truthy(x), y, x), "exact"),
    ("(x, y) => x || y", lambda x, y: np.where(truthy(x), x, y), "exact"),
    ("(x, y) => (x > y ? x : y)", lambda x, y: np.where(x > y, x, y), "exact"),
    ("(x, y) => (x * x + y * y <= 1 ? 1 : 0)", lambda x, y: b(x * x + y * y <= 1), "exact"),
    ("(x) => (x ? 1 : 2)", lambda x: np.where(truthy(x), 1.0, 2.0), "exact"),
    ("(x) => (x === 0 ? -0 : x)", lambda x: np.where(x == 0, -0.0, x), "exact"),
    ("(x) => (x < 0 ? -x : x > 0 ? x : 0 * x)", lambda x: np.where(x < 0, -x, np.where(x > 0, x, 0 * x)), "exact"),
    ("(x, y) => (x < y) - (x > y)", lambda x, y: b(x < y) - b(x > y), "exact"),
    ("(x) => x * Math.PI + Math.E - Math.SQRT2 * Math.LN2", lambda x: x * np.pi + np.e - math.sqrt(2) * math.log(2), "exact"),
    ("(x) => x * 1e-3 + 0x10 - 0b11 + 1_000 + .5 + 0o7", lambda x: x * 1e-3 + 16 - 3 + 1000 + 0.5 + 7, "exact"),
    ("(x) => x * 1e400", lambda x: x * math.inf, "exact"),
    ("(x) => (x === Infinity ? NaN : x)", lambda x: np.where(x == math.inf, math.nan, x), "exact"),
    ("(x, y) => {\n  const r = x * x + y * y;\n  const s = r - 1, t = -s;\n  return s < 0 ? t : s;\n}",
     lambda x, y: np.where(x * x + y * y - 1 < 0, -(x * x + y * y - 1), x * x + y * y - 1), "exact"),
    ("(x, y, z) => x * y + z", lambda x, y, z: x * y + z, "exact"),
    ("(x, y, z) => (x < y ? y < z : z < y)", lambda x, y, z: b(np.where(x < y, y < z, z < y)), "exact"),
    ("(x) => Math.abs(x)", np.abs, "exact"),
    ("(x) => Math.floor(x)", np.floor, "exact"),
    ("(x) => Math.ceil(x)", np.ceil, "exact"),
    ("(x) => Math.trunc(x)", np.trunc, "exact"),
    ("(x) => Math.sqrt(x)", np.sqrt, "exact"),
    ("(x) => Math.round(x)", js_round, "exact"),
    ("(x) => Math.sign(x)", lambda x: np.where(x == 0, x, np.sign(x)), "exact"),
    ("(x) => Math.fround(x)", lambda x: x.astype(np.float32).astype(np.float64), "exact"),
    ("(x, y) => Math.max(x, y)", js_max, "exact"),
    ("(x, y) => Math.min(x, y)", js_min, "exact"),
    ("(x, y) => Math.max(x, y, 0.5)", lambda x, y: js_max(js_max(x, y), 0.5), "exact"),
    ("(x) => Math.sin(x)", np.sin, "ulps"),
    ("(x) => Math.cos(x)", np.cos, "ulps"),
    ("(x) => Math.tan(x)", np.tan, "ulps"),
    ("(x) => Math.exp(x)", np.exp, "ulps"),
    ("(x) => Math.log(x)", np.log, "ulps"),
    ("(x) => Math.log2(x)", np.log2, "ulps"),
    ("(x) => Math.log10(x)", np.log10, "ulps"),
    ("(x) => Math.log1p(x)", np.log1p, "ulps"),
    ("(x) => Math.expm1(x)", np.expm1, "ulps"),
    ("(x) => Math.cbrt(x)", np.cbrt, "ulps"),
    ("(x) => Math.atan(x)", np.arctan, "ulps"),
    ("(x) => Math.asin(x)", np.arcsin, "ulps"),
    ("(x) => Math.acos(x)", np.arccos, "ulps"),
    ("(x) => Math.sinh(x)", np.sinh, "ulps"),
    ("(x) => Math.cosh(x)", np.cosh, "ulps"),
    ("(x) => Math.tanh(x)", np.tanh, "ulps"),
    ("(x) => Math.asinh(x)", np.arcsinh, "ulps"),
    ("(x) => Math.acosh(x)", np.arccosh, "ulps"),
    ("(x) => Math.atanh(x)", np.arctanh, "ulps"),
    ("(x, y) => Math.atan2(x, y)", np.arctan2, "ulps"),
    ("(x, y) => Math.pow(x, y)", js_pow, "ulps"),
    ("(x, y) => Math.hypot(x, y)", np.hypot, "ulps"),
    ("(x) => Math.sin(x) * x ** 2 + Math.cos(x)", lambda x: np.sin(x) * x * x + np.cos(x), "ulps"),
]


def inputs(arity):
    if arity == 1:
        return [b(VALUES)]
    pool = VALUES if arity == 2 else FEW
    grids = np.meshgrid(*([b(pool)] * arity), indexing="ij")
    return [g.ravel() for g in grids]


def arity_of(source):
    return len(source[source.index("(") + 1:source.index(")")].split(","))


def text(values):
    """Numbers as one string, so that the JSON keeps one line per case through deno fmt."""
    return " ".join(js(v) for v in values)


cases = []
for source, fn, compare in CASES:
    args = inputs(arity_of(source))
    expected = b(np.broadcast_to(fn(*args), args[0].shape))
    cases.append({"source": source, "compare": compare, "expected": text(expected)})

# Inputs: VALUES for one parameter; for two, every pair of VALUES (x the outer loop, y the
# inner); for three, every triple of FEW.
print(json.dumps({"numpy": np.__version__, "values": text(VALUES), "few": text(FEW), "cases": cases},
                 indent=2))
