"""Reading the database for people: search, exports, reports, incidents for review, checks."""
