"""Writes of the API app: keys, external ids, and experts/institutions through their services."""
