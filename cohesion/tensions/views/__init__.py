"""Views of the tensions app, one module per area of work (public.py and reports.py for reports and cases)."""
