"""The demo: two programmes with their people, organisations, calls, applications and an
evaluation, loaded by ``manage.py seed_demo``.

The package stands above every app: it builds its data through the apps' services (so
loading the demo also exercises them), and no app imports it (an import-linter contract
keeps it so).
"""
