"""Payments of the grants: the call's tranche plan, each award's tranches (due, approved by
staff, paid by finance), and recovery orders that reduce what is owed."""
