"""Pages of the partnership programme: the partners' calendar (calendar.py) and the public pages (public.py)."""
