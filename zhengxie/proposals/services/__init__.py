"""Every write of the proposals app, by topic:

- submission.py: drafts, co-signing, collective confirmation, withdrawal;
- review.py: review stages, filing, merging, not filing, key proposals;
- assignment.py: assignment, sign-for, objections, contacts, co-handling opinions, extensions;
- replies.py: drafting, co-signing and reviewing replies;
- evaluation.py: ratings, re-handling, closing, commendations;
- followup.py: what goes to supervision (key proposals, 回头看) and to the duty ledger;
- item_sync.py: keeping those items in step (extensions, replacement units, 催办 for late units,
  the approved reply, the accepted 回头看).
"""
