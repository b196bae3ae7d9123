"""Demo data of the acceleration app, one module per lane."""
