"""Measuring tone: the labelled corpus, metrics, and the eval and bench runs."""
