"""The model layer: claims and their events, the decision, and the vocabulary they share.

The lowest layer: it imports nothing of claimrules but :mod:`claimrules.errors`.
"""
