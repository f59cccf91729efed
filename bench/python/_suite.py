"""What the suite baselines share: their `--name value` flags, and their one JSON line."""

import argparse
import json
import multiprocessing as mp
import platform
import sys


def parse_flags(**defaults):
    """One `--name` per default, of its type; `False` makes a switch, a tuple a required choice."""
    parser = argparse.ArgumentParser(description=sys.modules["__main__"].__doc__)
    for name, default in defaults.items():
        if isinstance(default, bool):
            parser.add_argument(f"--{name}", action="store_true")
        elif isinstance(default, tuple):
            parser.add_argument(f"--{name}", choices=default, required=True)
        else:
            parser.add_argument(f"--{name}", type=type(default), default=default)
    return parser.parse_args()


def join_all(processes, what):
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise SystemExit(f"{what} exited with code {process.exitcode}")


def emit(**fields):
    """Prints the Python version, multiprocessing's start method and `fields` as one JSON line."""
    head = {"python": platform.python_version(), "start_method": mp.get_start_method()}
    print(json.dumps({**head, **fields}))
