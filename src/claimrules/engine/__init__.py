"""The engine layer: ``decide`` (the guards, then the ladder), the fast path for settled claims,
and the decision record."""

from claimrules.engine.core import (
    TRACE_MODES,
    TraceMode,
    case_facts,
    check_fits,
    decide,
    decision_record,
)

__all__ = ["TRACE_MODES", "TraceMode", "case_facts", "check_fits", "decide", "decision_record"]
