"""A test-only app: a small Widget with a protected FSM status, to exercise the approvals engine."""
