"""Data loaders for indicators: see :mod:`cohesion.indicators.loaders.base`."""
