"""Demo and performance data (`manage.py seed_demo`, `manage.py seed_scale --factor N`).

Kept apart from the domain modules: this package may import every module, none imports it.
`seed.demo.<module>.seed(stdout=...)` and `seed.scale.<module>.seed_scale(factor=..., stdout=...)`
run in the dependency order of `seed.management.commands._modules.MODULES`.
"""
