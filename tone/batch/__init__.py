"""Batch scoring of transcript exports: reading, scoring, aggregating, reporting."""
