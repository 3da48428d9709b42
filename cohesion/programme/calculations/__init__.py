"""Pure calculations of the programme: clashes between sessions, and totals of outcomes."""
