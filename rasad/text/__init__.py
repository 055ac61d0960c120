"""Text and URLs: Arabic normalization, dates and numbers written in Arabic, canonical URLs."""
