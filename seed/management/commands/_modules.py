"""The module hooks of seed_demo/seed_scale: `seed.demo.<app>.seed` and
`seed.scale.<app>.seed_scale`."""

import importlib
from types import ModuleType

# Dependency order: each module's data may use the data of the ones before it.
MODULES = ["experts", "contracts", "events", "payments", "feedback", "field", "analytics"]


def module_hook(app: str, module: str) -> ModuleType | None:
    """Import `seed.<module>.<app>`, or None when that module does not exist (yet).

    An ImportError raised *inside* an existing module is a bug and is not hidden."""
    package = f"seed.{module}"
    name = f"{package}.{app}"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name in (name, package):
            return None
        raise
