"""Survey pages: set-up (setup.py), collection (collect.py) and results (results.py)."""
