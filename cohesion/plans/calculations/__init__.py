"""Pure calculations for action plans: the status of a target from its series."""
