"""The SQLite database: schema and migrations, storing articles, stories, tags, incidents, leases."""
