"""Who may do what, and which rows each user sees: the one permission model (see access.policy)."""
