from __future__ import annotations

from tone.lang._pymorphy import load_pymorphy_lemmatizer
from tone.lang.base import Language


class Ukrainian(Language):
    code = "uk"
    name = "Ukrainian"

    def _load_lemmatizer(self):
        return load_pymorphy_lemmatizer("uk")


LANGUAGE = Ukrainian()
