"""Writes of field work, by responsibility: segments, plans, visits."""
