"""The load benchmark of Roret's key staff pages (``make bench``; docs/performance.md)."""
