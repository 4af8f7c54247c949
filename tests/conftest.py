from __future__ import annotations

import pytest

from tone.engine import Analyzer, AnalyzerOptions


@pytest.fixture(scope="session")
def rules_analyzer() -> Analyzer:
    return Analyzer(AnalyzerOptions(detector="rules"))
