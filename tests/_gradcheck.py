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
    """True when no pre-activation sits within ``margin`` of ReLU's kink at 0."""
    Zs, _ = net.forward_pass(X)
    return all(np.min(np.abs(Z)) > margin for Z in Zs[1:])
