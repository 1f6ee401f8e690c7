"""Datasets for the chapters, all offline.

tasks    the small tasks of chapters 1-3: a noisy line, a threshold, a logic gate, a curve
toy      seeded 2-D problems for chapter 4: xor, moons, circles, spirals
digits   the UCI 8x8 handwritten digits shipped inside the package (chapter 5), a seeded
         split, one-hot targets, standardisation
mnist    MNIST's IDX files read from a folder the reader already has

Generators take ``seed=`` and return ``(X, y)``: X of shape (N, features), float64, y of shape
(N,), targets (integer labels for the classification sets).
"""

from .digits import (
    DIGITS_FILE,
    load_digits,
    one_hot,
    split,
    standardize,
    standardizer,
)
from .mnist import load_mnist, read_idx
from .tasks import make_falling_curve, make_gate_data, make_line, make_threshold_data
from .toy import TOY_DATASETS, make_circles, make_moons, make_spirals, make_toy, make_xor

__all__ = [
    "DIGITS_FILE",
    "TOY_DATASETS",
    "load_digits",
    "load_mnist",
    "make_circles",
    "make_falling_curve",
    "make_gate_data",
    "make_line",
    "make_moons",
    "make_spirals",
    "make_threshold_data",
    "make_toy",
    "make_xor",
    "one_hot",
    "read_idx",
    "split",
    "standardize",
    "standardizer",
]
