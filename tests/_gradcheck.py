"""Helpers shared by the network tests: random networks, ReLU kink guard."""

import numpy as np
from hypothesis import strategies as st

from nnnotes.activations import ACTIVATIONS as REGISTRY
from nnnotes.network import Network

ACTIVATIONS = sorted(REGISTRY)


@st.composite
def problems(draw, max_depth=5, max_width=12, max_batch=16):
    """A random (net, X, Y): depth 1-5, widths 1-12, batch 1-16, any activation, random biases."""
    depth = draw(st.integers(1, max_depth))
    sizes = draw(st.lists(st.integers(1, max_width), min_size=depth + 1, max_size=depth + 1))
    activation = draw(st.sampled_from(ACTIVATIONS))
    N = draw(st.integers(1, max_batch))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    net = Network(sizes, activation=activation, seed=rng)
    for b in net.biases:
        b += 0.5 * rng.standard_normal(b.shape)
    X = rng.standard_normal((N, sizes[0]))
    Y = rng.random((N, sizes[-1]))
    return net, X, Y


def off_kinks(net, X, margin=1e-4):
    """False when the net uses ReLU and a pre-activation sits within ``margin`` of its kink at 0
    (where a finite difference straddles the kink and disagrees with either one-sided slope)."""
    if "relu" not in (net.activation.name, net.output.name):
        return True
    Zs, _ = net.forward_pass(X)
    return all(np.min(np.abs(Z)) > margin for Z in Zs[1:])


@st.composite
def networks(draw, max_depth=10, max_width=5):
    """A random (net, X, Y) as deep as 10 layers, sigmoid/tanh/relu, softmax output or none."""
    depth = draw(st.integers(1, max_depth))
    sizes = draw(st.lists(st.integers(1, max_width), min_size=depth + 1, max_size=depth + 1))
    activation = draw(st.sampled_from(["sigmoid", "tanh", "relu"]))
    softmax = draw(st.booleans())
    loss = draw(st.sampled_from(["mse", "cross_entropy"])) if softmax else "mse"
    if softmax:
        sizes[-1] = max(sizes[-1], 2)
    N = draw(st.integers(1, 6))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    net = Network(
        sizes, activation=activation, output="softmax" if softmax else None, loss=loss, seed=rng
    )
    for b in net.biases:
        b += 0.5 * rng.standard_normal(b.shape)
    X = rng.standard_normal((N, sizes[0]))
    Y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], N)] if softmax else rng.random((N, sizes[-1]))
    return net, X, Y
