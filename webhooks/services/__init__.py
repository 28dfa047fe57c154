"""Writes of the webhooks app: the outbox (outbox.py), delivery attempts (delivery.py) and the
management of endpoints (endpoints.py)."""
