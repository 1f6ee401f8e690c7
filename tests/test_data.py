"""Handwritten digits (chapter 5): the shipped UCI digits, split, one-hot, scaling, IDX/MNIST."""

import gzip
import struct

import numpy as np
import pytest

from nnnotes.data import (
    DIGITS_FILE,
    load_digits,
    load_mnist,
    one_hot,
    read_idx,
    split,
    standardize,
    standardizer,
)


def test_digits_are_shipped_with_their_citation():
    assert DIGITS_FILE.is_file() and DIGITS_FILE.stat().st_size < 100_000
    readme = (DIGITS_FILE.parent / "README.md").read_text()
    assert "10.24432/C50P49" in readme and "CC BY 4.0" in readme


def test_load_digits_shapes_and_ranges():
    X, y = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    assert set(np.unique(X * 16)) <= set(range(17))  # pixels were counts 0..16
    assert np.array_equal(np.unique(y), np.arange(10))
    assert np.bincount(y).min() >= 170  # roughly balanced: 174..183 of each digit
    assert y[:3].tolist() == [0, 1, 2]


def test_split_is_seeded_stratified_and_disjoint():
    X, y = load_digits()
    Xa, Xb, ya, yb = split(X, y, test_fraction=0.25, seed=0)
    Xa2, _, _, yb2 = split(X, y, test_fraction=0.25, seed=0)
    assert np.array_equal(Xa, Xa2) and np.array_equal(yb, yb2)
    assert len(ya) + len(yb) == 1797 and len(yb) == 450
    assert np.all(np.abs(np.bincount(yb) / np.bincount(y) - 0.25) < 0.01)
    # together the two parts are exactly the data set, each row used once
    both = np.vstack([np.column_stack([Xa, ya]), np.column_stack([Xb, yb])])
    whole = np.column_stack([X, y])
    assert np.array_equal(both[np.lexsort(both.T)], whole[np.lexsort(whole.T)])
    assert not np.array_equal(split(X, y, seed=1)[1], Xb)


def test_split_bad_input():
    X, y = np.zeros((4, 2)), np.array([0, 1, 0, 1])
    with pytest.raises(ValueError, match="test_fraction must lie strictly between 0 and 1"):
        split(X, y, test_fraction=1.0)
    with pytest.raises(ValueError, match="same number of examples"):
        split(X, y[:3])
    with pytest.raises(ValueError, match="integer labels"):
        split(X, y.astype(float))


def test_one_hot():
    Y = one_hot(np.array([2, 0, 1, 2]))
    assert np.array_equal(Y, np.eye(3)[[2, 0, 1, 2]])
    assert one_hot(np.array([1]), n_classes=4).tolist() == [[0, 1, 0, 0]]
    with pytest.raises(ValueError, match="labels must be < n_classes=2"):
        one_hot(np.array([0, 2]), n_classes=2)
    with pytest.raises(ValueError, match="integer labels >= 0"):
        one_hot(np.array([-1, 0]))


def test_standardize_uses_training_statistics_only():
    rng = np.random.default_rng(0)
    A = rng.normal(3.0, 2.0, (200, 3))
    A[:, 2] = 5.0  # a constant column, like the digits' border pixels
    B = rng.normal(0.0, 1.0, (10, 3))
    A_s, B_s = standardize(A, B)
    assert np.allclose(A_s[:, :2].mean(axis=0), 0) and np.allclose(A_s[:, :2].std(axis=0), 1)
    assert np.all(A_s[:, 2] == 0.0)  # centred, not divided by 0
    assert np.allclose(B_s, standardizer(A)(B))
    assert np.allclose(standardizer(A)(B[0]), B_s[0])
    with pytest.raises(ValueError, match=r"X must have shape \(N, 3\)"):
        standardizer(A)(np.zeros((2, 4)))


# ----------------------------------------------------------------------------- IDX / MNIST
def idx_bytes(array: np.ndarray, code: int = 0x08, dtype=">u1") -> bytes:
    header = struct.pack(">BBBB", 0, 0, code, array.ndim) + struct.pack(
        f">{array.ndim}I", *array.shape
    )
    return header + array.astype(dtype).tobytes()


def write_mnist(folder, kind="train", n=5, compress=False, rows=4, cols=3):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (n, rows, cols))
    labels = rng.integers(0, 10, n)
    for name, arr in ((f"{kind}-images-idx3-ubyte", images), (f"{kind}-labels-idx1-ubyte", labels)):
        data = idx_bytes(arr)
        if compress:
            (folder / f"{name}.gz").write_bytes(gzip.compress(data))
        else:
            (folder / name).write_bytes(data)
    return images, labels


@pytest.mark.parametrize("compress", [False, True])
def test_load_mnist_reads_tiny_idx_files(tmp_path, compress):
    images, labels = write_mnist(tmp_path, "t10k", compress=compress)
    X, y = load_mnist(tmp_path, kind="t10k")
    assert X.shape == (5, 12) and X.dtype == np.float64
    assert np.allclose(X, images.reshape(5, -1) / 255.0)
    assert np.array_equal(y, labels) and y.dtype == np.int64


def test_read_idx_other_dtypes(tmp_path):
    a = np.arange(-6, 6, dtype=np.int32).reshape(3, 4)
    (tmp_path / "a.idx").write_bytes(idx_bytes(a, 0x0C, ">i4"))
    assert np.array_equal(read_idx(tmp_path / "a.idx"), a)
    d = np.linspace(0, 1, 5)
    (tmp_path / "d.idx").write_bytes(idx_bytes(d, 0x0E, ">f8"))
    assert np.array_equal(read_idx(tmp_path / "d.idx"), d)


def test_missing_mnist_files_are_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="MNIST folder not found"):
        load_mnist(tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match=r"train-images-idx3-ubyte \(or .*\.gz\) not found"):
        load_mnist(tmp_path)
    with pytest.raises(ValueError, match="kind must be 'train' or 't10k'"):
        load_mnist(tmp_path, kind="test")
    with pytest.raises(FileNotFoundError, match="IDX file not found"):
        read_idx(tmp_path / "x.idx")


def test_corrupt_files_give_clear_errors(tmp_path):
    bad = tmp_path / "bad.idx"
    bad.write_bytes(b"PK\x03\x04 not an idx file")
    with pytest.raises(ValueError, match="not an IDX file: expected a magic number"):
        read_idx(bad)
    truncated = tmp_path / "short.idx"
    truncated.write_bytes(idx_bytes(np.zeros((3, 4), dtype=np.uint8))[:-2])
    with pytest.raises(ValueError, match=r"corrupt: shape \(3, 4\) .* needs 24 bytes; got 22"):
        read_idx(truncated)
    fake_gz = tmp_path / "fake.idx.gz"
    fake_gz.write_bytes(b"\x00\x00\x08\x01 plain bytes, not gzip")
    with pytest.raises(ValueError, match="not a readable gzip file"):
        read_idx(fake_gz)
    cut_gz = tmp_path / "cut.idx.gz"
    cut_gz.write_bytes(gzip.compress(idx_bytes(np.zeros(100, dtype=np.uint8)))[:20])
    with pytest.raises(ValueError, match="not a readable gzip file"):
        read_idx(cut_gz)


def test_mismatched_mnist_counts(tmp_path):
    write_mnist(tmp_path, n=5)
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(idx_bytes(np.zeros(4, dtype=np.uint8)))
    with pytest.raises(ValueError, match="do not match"):
        load_mnist(tmp_path)
