"""News posts: written and published by the programme's staff, read under /news/ and in feeds."""
