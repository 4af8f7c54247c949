"""The learned scorer: a multilingual encoder read offline, and trained per-category heads."""
