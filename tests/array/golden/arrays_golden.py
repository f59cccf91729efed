"""Golden values for tests/array/*_test.ts, computed by numpy.

Run: python3 tests/array/golden/arrays_golden.py   (made with numpy 2.4.6)
It prints TypeScript constants that are pasted into the tests (CI need not have Python).
Floats are printed with repr (the shortest string that round-trips), so the tests can compare
bit for bit.
"""
import math
import warnings

import numpy as np

np.seterr(all="ignore")
warnings.simplefilter("ignore")  # numpy warns about the empty and NaN cases, on purpose


def js(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return repr(v)


def arr(values):
    return "[" + ", ".join(js(v) for v in values) + "]"


def mask(values):
    return '"' + "".join("1" if v else "0" for v in values) + '"'


def const(name, text, comment=""):
    if comment:
        print(f"/** {comment} */")
    print("// deno-fmt-ignore")
    print(f"const {name} = {text};")
    print()


# --- creation ------------------------------------------------------------------------------
ARANGE = [(5,), (1, 1.3, 0.1), (1, 2, 0.1), (0, 1, 0.1), (0.1, 0.9, 0.1), (10, 0, -1.5),
          (-3, 3, 0.7), (0.5, 5), (5, None, 2), (1, 1), (0, -1), (-1e-3, 1e-3, 3e-4)]
rows = []
for args in ARANGE:
    call = ", ".join("undefined" if a is None else js(a) for a in args)
    rows.append(f"  [[{call}], {arr(np.arange(*args))}]")
const("NUMPY_ARANGE", "[\n" + ",\n".join(rows) + ",\n]",
      "[arange arguments, np.arange(*arguments)]")

LINSPACE = [(0, 1, 5, True), (0, 1, 5, False), (1, 10, 7, True), (-2.5, 3.3, 11, True),
            (0, 1, 50, True), (2, 2, 4, True), (1, 0, 6, True), (0, 1, 1, True), (0, 1, 0, True),
            (0, 1, 1, False), (0.1, 0.7, 9, False), (0, 5e-324, 4, True), (-1e300, 1e300, 5, True),
            (-1e308, 1e308, 3, True)]
rows = []
for start, stop, num, endpoint in LINSPACE:
    values = np.linspace(start, stop, num, endpoint=endpoint)
    rows.append(f"  [{js(start)}, {js(stop)}, {num}, {str(endpoint).lower()}, {arr(values)}]")
const("NUMPY_LINSPACE", "[\n" + ",\n".join(rows) + ",\n]",
      "[start, stop, num, endpoint, np.linspace(start, stop, num, endpoint=endpoint)]")

# --- elementwise ---------------------------------------------------------------------------
SPECIALS = np.array([-np.inf, -1e300, -2.5, -1.0, -0.5, -0.0, 0.0, 5e-324, 0.5, 1.0, 3.75, 1e300,
                     np.inf, np.nan])
const("SPECIALS", arr(SPECIALS))
a = np.repeat(SPECIALS, len(SPECIALS))  # a[i * 14 + j] = SPECIALS[i]
b = np.tile(SPECIALS, len(SPECIALS))  # b[i * 14 + j] = SPECIALS[j]
print("/** np.<op>(a, b) for every pair (a, b) = (SPECIALS[i], SPECIALS[j]), at i * 14 + j. */")
for name, f in [("add", np.add), ("sub", np.subtract), ("mul", np.multiply),
                ("div", np.divide), ("pow", np.power)]:
    const(f"NUMPY_{name.upper()}", arr(f(a, b)))
print("/** The comparisons over the same pairs as 0/1 strings. */")
for name, f in [("greater", np.greater), ("greaterEqual", np.greater_equal), ("less", np.less),
                ("lessEqual", np.less_equal), ("equal", np.equal), ("notEqual", np.not_equal)]:
    const(f"NUMPY_{name.upper()}", mask(f(a, b)))

UNARY_INPUTS = np.concatenate([np.linspace(-10, 10, 41), SPECIALS,
                               [1e-300, 1e-8, 0.1, 0.7, 1e10, 1e22, 700, 710, -745, -746, 19.5,
                                -20.5, 1.5707963267948966, 3.141592653589793]])
const("UNARY_INPUTS", arr(UNARY_INPUTS))
print("/** np.<function>(UNARY_INPUTS). */")
for name, f in [("neg", np.negative), ("abs", np.abs), ("sqrt", np.sqrt), ("exp", np.exp),
                ("log", np.log), ("sin", np.sin), ("cos", np.cos), ("tan", np.tan),
                ("tanh", np.tanh)]:
    const(f"NUMPY_{name.upper()}", arr(f(UNARY_INPUTS)))

x = np.array([-2.0, -0.0, 0.0, 0.5, 3.0, np.nan, np.inf, -np.inf])
const("WHERE_X", arr(x))
const("NUMPY_WHERE", arr(np.where(x > 0, x * 2, -x)), "np.where(WHERE_X > 0, WHERE_X * 2, -WHERE_X)")

POLYS = [[3, 0, 1], [1.5, -2, 0.25, 7], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [2.5], []]
POLY_X = np.array([-3.0, -1.0, -0.1, 0.0, 0.3, 1.0, 2.7, 10.0, 1e100, np.inf, np.nan])
const("POLY_X", arr(POLY_X))
rows = [f"  [{arr(p)}, {arr(np.polyval(np.array(p, dtype=float), POLY_X))}]" for p in POLYS]
const("NUMPY_POLYVAL", "[\n" + ",\n".join(rows) + ",\n]", "[p, np.polyval(p, POLY_X)]")

# --- reductions ----------------------------------------------------------------------------
SCALES = [1.0, 1e3, 1e-3, 7.5, 1e8]


def inputs(n):
    """Values whose every step is exact in Python and in JavaScript (inputs() in the tests)."""
    return np.array([(((i * 1103515245 + 12345) % 2**31) / 2**31 - 0.5) * SCALES[i % 5]
                     for i in range(n)])


SIZES = [0, 1, 2, 7, 8, 9, 15, 16, 17, 127, 128, 129, 130, 255, 256, 257, 1000, 1023, 4096, 8193,
         10007, 100003]
rows = []
for n in SIZES:
    v = inputs(n)
    running = 0.0
    for e in v:
        running += e
    rows.append(f"  [{n}, {js(np.sum(v))}, {js(running)}, {js(np.mean(v))}, {js(np.std(v))},"
                f" {js(np.std(v, ddof=1))}]")
const("NUMPY_REDUCTIONS", "[\n" + ",\n".join(rows) + ",\n]",
      "[n, np.sum(inputs(n)), a running sum, np.mean, np.std, np.std(ddof=1)]")


def offset_inputs(n):
    """1e6 plus inputs(n) without the scales: the mean's last bit matters to std here."""
    return 1e6 + np.array([((i * 1103515245 + 12345) % 2**31) / 2**31 - 0.5 for i in range(n)])


rows = [f"  [{n}, {js(np.mean(offset_inputs(n)))}, {js(np.std(offset_inputs(n)))},"
        f" {js(np.std(offset_inputs(n), ddof=1))}]" for n in SIZES if n > 0]
const("NUMPY_OFFSET_STD", "[\n" + ",\n".join(rows) + ",\n]",
      "[n, np.mean(offset_inputs(n)), np.std, np.std(ddof=1)]")

MINMAX = [[3.0, -1.0, 2.0, -1.0], [np.nan, 1.0], [1.0, np.nan, -np.inf, np.nan], [np.inf, -np.inf],
          [-np.inf, -np.inf], [5.0], [np.nan, 1.0, np.nan], [2.0, np.nan, np.nan], [2.0, 7.0, 7.0, -3.0, -3.0], [1e-320, -5e-324, 0.0]]
rows = [f"  [{arr(v)}, {js(np.min(v))}, {js(np.max(v))}, {np.argmin(v)}, {np.argmax(v)}]"
        for v in MINMAX]
const("NUMPY_MINMAX", "[\n" + ",\n".join(rows) + ",\n]",
      "[values, np.min, np.max, np.argmin, np.argmax]")

ALLCLOSE = [
    ([1.0, 2.0], [1.0 + 1e-9, 2.0], {}),
    ([1.0, 2.0], [1.0 + 1e-4, 2.0], {}),
    ([1e10], [1.00001e10], {}),
    ([1e-9], [0.0], {}),
    ([1e-7], [0.0], {}),
    ([1e-7], [0.0], {"atol": 1e-6}),
    ([100.0], [101.0], {"rtol": 0.01}),
    ([101.0], [100.0], {"rtol": 0.01}),
    ([np.inf], [np.inf], {}),
    ([np.inf], [-np.inf], {}),
    ([np.inf], [1e308], {}),
    ([1e308], [np.inf], {}),
    ([np.nan], [np.nan], {}),
    ([np.nan], [np.nan], {"equal_nan": True}),
    ([np.nan, 1.0], [1.0, np.nan], {"equal_nan": True}),
    ([np.nan], [1.0], {"equal_nan": True}),
    ([1.0], [np.nan], {"equal_nan": True}),
    ([1.0, 1.0 + 1e-6, 1.0 - 1e-6], [1.0], {}),
    ([1.0, 1.1], [1.0], {}),
    ([], [], {}),
]
rows = []
for x, y, kw in ALLCLOSE:
    opts = ", ".join(f"{'equalNan' if k == 'equal_nan' else k}: {js(v) if k != 'equal_nan' else 'true'}"
                     for k, v in kw.items())
    options = f"{{ {opts} }}" if opts else "{}"
    rows.append(f"  [{arr(x)}, {arr(y)}, {options}, {str(np.allclose(x, y, **kw)).lower()}]")
const("NUMPY_ALLCLOSE", "[\n" + ",\n".join(rows) + ",\n]",
      "[a, b, options, np.allclose(a, b, **options)]")
