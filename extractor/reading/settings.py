"""Limits a deployment may change through the environment (time-outs of the external
readers): a positive number in the variable overrides the default, anything else keeps it."""
from __future__ import annotations

import os


def seconds(variable: str, default: float) -> float:
    try:
        value = float(os.environ.get(variable, ""))
    except ValueError:
        return default
    return value if value > 0 else default
