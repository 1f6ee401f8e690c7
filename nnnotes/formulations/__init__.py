"""The gradient of chapter 4 five more ways, one module per set of notes (chapter 4).

Every function takes a :class:`nnnotes.network.Network` and a batch ``(X, Y)`` and returns
``(dWs, dbs)`` shaped like ``net.weights`` and ``net.biases`` — the same numbers as
``net.gradients(X, Y)`` (the tests check agreement to ~1e-12), reached by another road:

per_example      notes 001 §6.4 pseudocode: one example at a time, delta recurrence, average
index_loops      notes 000 §2.2: literal loops over c, p, n, l with errors e^K, e^{K-1}, ...
jacobians        notes 002: total derivative = product of Jacobians; gradient = its transpose
constant_neuron  notes 004: bias as an always-1 neuron, 0-based, delta = -dL/da
lambda_products  notes 003 §I: batched alpha and Lambda product matrices, eta and Delta

and the reference they are all checked against:

differences      central differences of ``net.cost`` for every weight and bias (chapter 1)
"""

from .constant_neuron import constant_neuron_gradients
from .index_loops import index_loop_gradients
from .jacobians import jacobian_gradients
from .lambda_products import lambda_gradients
from .per_example import per_example_gradients

#: Name -> function, in the order the chapter presents them.
FORMULATIONS = {
    "per-example loop (001 §6.4)": per_example_gradients,
    "index loops (000 §2.2)": index_loop_gradients,
    "Jacobian product (002)": jacobian_gradients,
    "constant neuron (004)": constant_neuron_gradients,
    "Lambda products (003 §I)": lambda_gradients,
}

__all__ = [
    "FORMULATIONS",
    "constant_neuron_gradients",
    "index_loop_gradients",
    "jacobian_gradients",
    "lambda_gradients",
    "per_example_gradients",
]
