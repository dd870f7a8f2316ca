"""The landing zone contract shared by the crawlers (writers) and the warehouse (reader)."""
