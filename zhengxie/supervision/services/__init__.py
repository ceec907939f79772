"""Every write of the supervision app: items (items.py), progress reports (progress.py),
extensions (extensions.py), bulletins and special reports (outputs.py)."""
