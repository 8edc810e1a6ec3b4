"""Event detection (ANNOTATION §6): triggers, arguments, modality, and the spaCy component."""

from .detect import detect_events
from .triggers import TriggerLexicon, TriggerMatch, find_triggers, load_triggers

__all__ = ["TriggerLexicon", "TriggerMatch", "detect_events", "find_triggers", "load_triggers"]
