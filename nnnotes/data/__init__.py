"""Datasets for the chapters, all offline.

toy      seeded 2-D problems for chapter 4: xor, moons, circles, spirals
digits   the UCI 8x8 handwritten digits shipped inside the package (chapter 5), a seeded
         split, one-hot targets, standardisation
mnist    MNIST's IDX files read from a folder the reader already has

Generators take ``seed=`` and return ``(X, y)``: X of shape (N, features), float64, y of shape
(N,), integer labels.
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
from .toy import TOY_DATASETS, make_circles, make_moons, make_spirals, make_toy, make_xor

__all__ = [
    "DIGITS_FILE",
    "TOY_DATASETS",
    "load_digits",
    "load_mnist",
    "make_circles",
    "make_moons",
    "make_spirals",
    "make_toy",
    "make_xor",
    "one_hot",
    "read_idx",
    "split",
    "standardize",
    "standardizer",
]
