"""Golden values for tests/linalg/dot_test.ts, from numpy's np.dot.

Run: python3 tests/linalg/golden/dot_golden.py   (made with numpy 2.4.6, OpenBLAS 0.3.31)
The operands are drawn from np.random.RandomState(0), which the TS RandomState reproduces
bit for bit, so the test regenerates them instead of pasting them.
"""
import json

import numpy as np

rs = np.random.RandomState(0)
a = rs.rand(5, 7)  # then, in order, from the same generator:
b = rs.rand(7, 3)
v = rs.rand(7)
w = rs.rand(5)
m = rs.rand(16, 16)
x = rs.rand(16)
u = rs.rand(200)

print("numpy", np.__version__)
print("A_B =", json.dumps(np.dot(a, b).tolist()))
print("A_V =", json.dumps(np.dot(a, v).tolist()))
print("W_A =", json.dumps(np.dot(w, a).tolist()))
print("M_X =", json.dumps(np.dot(m, x).tolist()))
print("V_V =", json.dumps(float(np.dot(v, v))))
print("U_U =", json.dumps(float(np.dot(u, u))))
