"""Reading CRM/provider files and checking their rows (no writes here)."""
