"""Figure functions, one module per chapter.

Every function draws on a figure it is given — ``draw_*(fig, ...)`` — and returns the data it
plotted, so the widgets, the book's animations and the unit tests all call the same code.
"""
