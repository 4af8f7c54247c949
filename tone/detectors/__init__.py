"""Detectors read one Analysis and report evidence; the engine combines them."""
