"""Demo company: one user per role, reference data and the demo records of every module."""
