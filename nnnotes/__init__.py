"""nnnotes: backpropagation from first principles, the package behind the book.

Each module holds one idea and names the chapter and the notes it implements:

calculus      finite differences, numerical gradients, relative error     (chapter 1)
regression    the one-weight MSE cost, its derivative, gradient descent   (chapter 1)
activations   sigma, tanh, relu, identity and their derivatives           (chapters 2-4)
losses        MSE and cross-entropy with their derivatives                (chapters 1, 4, 5)
neuron        one neuron: forward, MSE cost, gradients, gradient descent  (chapter 2)
chain         the n-layer scalar chain, one neuron per layer              (chapter 3)
timing        what a gradient costs: differences vs backprop, measured    (chapter 3)
network       the full matrix network, batched backpropagation            (chapter 4)
formulations  the same gradient as notes 000, 001 §6.4, 002, 003, 004     (chapter 4)
playground    TensorFlow-Playground-style trainer for 2-D toy data        (chapter 4)
data          toy 2-D datasets, the shipped UCI digits, MNIST IDX files   (chapters 4, 5)
gradcheck     per-array gradient check: every layer, W and b apart        (chapters 1-5)
breakit       deliberately broken backward passes, the bug table          (chapters 3-5)
exercises     exercises that check themselves and name the mistake        (chapters 2-5)
softmax       stable softmax, its Jacobian, the pull-back through it      (chapter 5)
gamma         notes 003 §II: the softmax gradient through Gamma           (chapter 5)
classify      accuracy, confusion matrix, recorded training runs          (chapter 5)
pixelgrid     an 8x8 grid of toggle buttons to draw a digit on            (chapter 5)
animation     kernel-free players for the rendered book                   (all chapters)
player        kernel-free sliders/menus/Play over precomputed pictures   (all chapters)
widgets       live explorer + training dashboard                          (all chapters)
canvas        a live figure as a picture, redrawn in place; Scene: blitting
figures       each chapter's figures: draw_*(fig, ...) returns what it drew; live: the widgets' scenes
"""

__version__ = "0.1.0"
