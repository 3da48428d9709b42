"""Forms of the tensions app: the public report form, and the forms officers use for reports and cases."""
