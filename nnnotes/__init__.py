"""nnnotes: backpropagation from first principles, the package behind the book.

Each module holds one idea and names the chapter and the notes it implements:

calculus     finite differences, numerical gradients, relative error   (chapter 1)
activations  sigma, tanh, relu, identity and their derivatives          (chapters 2-4)
losses       MSE and cross-entropy with their derivatives               (chapters 1, 4, 5)
chain        the n-layer scalar chain, one neuron per layer             (chapter 3)
timing       what a gradient costs: differences vs backprop, measured   (chapter 3)
"""

__version__ = "0.1.0"
