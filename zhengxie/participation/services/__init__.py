"""Every write of the participation app: micro-suggestions (micro.py), studios and their
receptions (studios.py)."""
