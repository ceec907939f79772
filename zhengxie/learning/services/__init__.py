"""Every write of 委员学习: the library (library.py), plans and assignments (plans.py), progress and
completions (progress.py), reading groups, notes and lectures (reading.py)."""
