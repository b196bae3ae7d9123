"""The pool of experts: profiles, invitations to a call, bids and standing declarations."""
