"""Correctly rounded sin, cos, exp or log of float64s, for tests/array/transcendental_*_test.ts.

Usage: python3 transcendental_reference.py FUNCTION < doubles > doubles

Reads little-endian float64s from stdin and writes, for each, the function's value rounded to the
nearest float64 (NaN where it is not a real number), computed by mpmath with 256 bits, so that
the only rounding is the last one. Needs mpmath (exit status 3 without it).
"""

import struct
import sys

try:
    import mpmath
except ImportError:
    sys.stderr.write("mpmath is not installed\n")
    sys.exit(3)

mpmath.mp.prec = 256
FUNCTIONS = {"sin": mpmath.sin, "cos": mpmath.cos, "exp": mpmath.exp, "log": mpmath.log}


def reference(function, x):
    if x != x or x in (float("inf"), float("-inf")):
        return float("nan")  # the caller compares these with Math.* instead
    if function is mpmath.log and x <= 0:
        return float("-inf") if x == 0 else float("nan")
    # to_float with round-to-nearest: the correctly rounded double of the 256-bit value.
    return mpmath.libmp.to_float(function(mpmath.mpf(x))._mpf_, rnd=mpmath.libmp.round_nearest)


def main():
    function = FUNCTIONS[sys.argv[1]]
    data = sys.stdin.buffer.read()
    xs = struct.unpack(f"<{len(data) // 8}d", data)
    ys = [reference(function, x) for x in xs]
    sys.stdout.buffer.write(struct.pack(f"<{len(ys)}d", *ys))


if __name__ == "__main__":
    main()
