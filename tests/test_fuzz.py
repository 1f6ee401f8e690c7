"""Fuzzing the public API: arbitrary arrays, shapes, dtypes, strings, None, NaN,
infinity and extreme numbers. The only outcomes allowed are a finite result of the right shape
or a ValueError/TypeError with a message — under np.errstate(all="raise") and with warnings as
errors. The number of examples run is counted in ``EXAMPLES`` and printed (``pytest -s``).
"""

import warnings
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnnotes import classify, data, playground, train
from nnnotes.activations import ACTIVATIONS, get_activation
from nnnotes.chain import ScalarChain
from nnnotes.losses import LOSSES, cross_entropy_from_logits, get_loss
from nnnotes.network import Network
from nnnotes.neuron import Neuron
from nnnotes.softmax import log_softmax, softmax, softmax_backward, softmax_jacobian

EXAMPLES = Counter()
fuzz_settings = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=400,
    suppress_health_check=list(HealthCheck),
)

EXTREMES = [0.0, -0.0, 1.0, -1.0, 1e-310, 1e4, -1e4, 1e154, -1e300, 1.7e308, np.nan, np.inf]
floats = st.one_of(st.sampled_from(EXTREMES), st.floats(-1e4, 1e4))
shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
arrays = st.one_of(
    hnp.arrays(np.float64, shapes, elements=floats),
    hnp.arrays(st.sampled_from([np.int8, np.bool_, np.complex128]), shapes),
)
junk = st.one_of(st.none(), st.text(max_size=3), st.just([[1, "a"]]), st.just(object()))
values = st.one_of(arrays, junk, floats, st.integers(-3, 5))
names = st.one_of(st.sampled_from([*ACTIVATIONS, *LOSSES, "softmax", "bogus", ""]), junk)


def outcome(call, check=None):
    """Run ``call()``: a result passes ``check`` (finite, right shape) or the error is clear."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            try:
                result = call()
            except (ValueError, TypeError) as error:
                assert str(error), f"{type(error).__name__} without a message"
                return
    if check is not None:
        check(result)


def finite(shape=None):
    def check(result):
        arrays = result if isinstance(result, (tuple, list)) else [result]
        for a in arrays:
            for x in a if isinstance(a, list) else [a]:
                assert np.all(np.isfinite(np.asarray(x, dtype=float))), result
        if shape is not None:
            assert np.shape(result) == shape, (np.shape(result), shape)

    return check


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    print(f"\nfuzz examples: {sum(EXAMPLES.values())} {dict(EXAMPLES)}")


@fuzz_settings
@given(
    sizes=st.one_of(st.lists(st.integers(-1, 4), max_size=4), values),
    activation=names,
    output=st.one_of(st.none(), names),
    loss=names,
    seed=st.one_of(st.integers(-2, 3), junk),
    X=values,
    Y=values,
    epochs=st.one_of(st.integers(-1, 3), floats),
    lr=st.one_of(floats, junk),
    batch_size=st.one_of(st.none(), st.integers(-1, 5)),
    callback=st.sampled_from([None, "x"]),
)
def test_network(sizes, activation, output, loss, seed, X, Y, epochs, lr, batch_size, callback):  # fmt: skip
    EXAMPLES["network"] += 1
    try:
        net = Network(sizes, activation=activation, output=output, loss=loss, seed=seed)
    except (ValueError, TypeError) as error:
        assert str(error)
        return
    N = np.shape(X)[0] if np.ndim(X) == 2 else None
    outcome(lambda: net.forward(X), finite(None if N is None else (N, net.sizes[-1])))
    outcome(lambda: net.cost(X, Y), finite())
    outcome(lambda: net.gradients(X, Y), finite())
    outcome(lambda: net.fit(X, Y, epochs, lr, batch_size=batch_size, callback=callback))
    assert all(np.all(np.isfinite(p)) for p in net.weights + net.biases)


@fuzz_settings
@given(Z=values, Y=values, name=names)
def test_functions(Z, Y, name):
    EXAMPLES["functions"] += 1
    outcome(lambda: softmax(Z), finite(np.shape(Z)))
    outcome(lambda: log_softmax(Z), finite(np.shape(Z)))
    outcome(lambda: softmax_jacobian(Z), finite())
    outcome(lambda: softmax_backward(Z, Y), finite(np.shape(Z)))
    outcome(lambda: cross_entropy_from_logits(Z, Y), finite())
    outcome(lambda: get_activation(name).f(np.asarray(Z, dtype=float)) if isinstance(Z, np.ndarray) and Z.dtype == float and np.all(np.abs(Z) <= 1e4) else None)  # fmt: skip
    for loss in LOSSES:
        outcome(
            lambda loss=loss: getattr(__import__("nnnotes.losses").losses, loss)(Z, Y), finite()
        )
    outcome(lambda: get_loss(name))


@fuzz_settings
@given(a=values, b=values, c=st.one_of(st.integers(-1, 4), values), lr=st.one_of(floats, junk))
def test_models_runs_and_data(a, b, c, lr):
    EXAMPLES["models"] += 1
    outcome(lambda: Neuron(w=a, b=0.0).cost(b, b), finite())
    outcome(lambda: Neuron(w=a, b=0.0).fit(b, b, 2, lr))
    outcome(lambda: ScalarChain(c).fit(a, b, 2, lr))
    outcome(lambda: train.step(train.start(Network([2, 1], seed=0), a, b, lr=lr)))
    outcome(lambda: playground.start_run(n=c, lr=lr))
    outcome(lambda: classify.start_run(a, b, a, b, lr=lr, hidden=2))
    for make in (data.make_xor, data.make_moons, data.make_circles, data.make_spirals):
        outcome(lambda make=make: make(n=c, seed=0), finite())
    outcome(lambda: data.one_hot(a), finite())
    outcome(lambda: data.split(a, b), finite())
