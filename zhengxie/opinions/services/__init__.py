"""Every write of the opinions app: submitting (submission.py), the information centre's
editing and publishing (editing.py), reporting to recipients and the parent committee
(reporting.py), adoptions, instructions and the points they earn (adoption.py)."""
