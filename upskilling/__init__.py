"""WP3: learning paths over the courses, training vouchers and awareness events."""
