"""The cinema's business rules: allocation, daily projection, P&L. Pure Python, no I/O."""
