"""Pure computation on an article (in worker processes): fingerprints and dedup rules, the
gazetteer and matching, tagging, event dates, incidents, the search index text."""
