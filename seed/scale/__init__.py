"""Performance data of `manage.py seed_scale --factor N`, module by module."""
