"""Writes of the expert base: every change that spans models or has side effects."""
