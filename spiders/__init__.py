"""Spiders: one generic news spider, specialised per source by ``spiders.loader``."""
