"""Where the trained artifacts live and how they are named."""
from __future__ import annotations

import os
from pathlib import Path

MODEL_ENV = "TONE_MODEL_DIR"
HEADS_FILE = "heads.npz"
ENCODER_FILE = "encoder_layers.npz"  # the fine-tuned transformer layers, float16
CALIBRATION_FILE = "calibration.json"
CARD_FILE = "README.md"
METRICS_FILE = "metrics.json"


def default_model_dir() -> Path:
    """$TONE_MODEL_DIR, else the repository's models/ folder next to the package."""
    configured = os.environ.get(MODEL_ENV)
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "models"
