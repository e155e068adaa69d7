"""The engine layer: ``decide`` (the claim's state, the findings, the guards in order, the
ladder, the checks after), the fast path for claims paid in full, and the decision record."""

from claimrules.engine.core import (
    TRACE_MODES,
    TraceMode,
    check_fits,
    decide,
    decide_state,
    decision_record,
)

__all__ = ["TRACE_MODES", "TraceMode", "check_fits", "decide", "decide_state", "decision_record"]
