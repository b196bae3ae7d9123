"""Demo data of WP4's connect to innovate: challenges, offers and connections (``challenges``), and hackathons (``hackathons``)."""
