"""What every formulation needs first: checked inputs and the network's forward pass."""

from __future__ import annotations

import numpy as np

from ..network import Network


def prepare(net: Network, X, Y) -> tuple[np.ndarray, np.ndarray]:
    """Validate ``net`` and the batch once; return X (N, m_0) and Y (N, m_L) as float arrays.

    The formulations of notes 000-004 assume an elementwise output activation; the softmax
    output of chapter 5 couples the outputs and needs its own Jacobian (notes 003 §II).
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnnotes Network; got {type(net).__name__}.")
    if net.softmax_output:
        raise ValueError(
            "these formulations need an elementwise output activation; got output='softmax' "
            "(its gradient is chapter 5's)."
        )
    return net.check_batch(X, Y)
