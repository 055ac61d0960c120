"""A fetched page to an article: its encoding, its HTML tree, extraction and validation."""
