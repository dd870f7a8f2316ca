"""The manager's portal (Django). Not built yet: a later issue brings it."""
