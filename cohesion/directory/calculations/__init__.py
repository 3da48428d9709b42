"""Pure calculations of the directory: distance, opening times, need against provision.

No ORM here: each function takes plain values (or numpy arrays) and cites its source.
"""
