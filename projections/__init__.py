"""Read models of the event log (work queue, topic boards, dashboards)."""
