"""The coordinators' dashboard (issue 13 point 4): the funnel per call, money committed and
paid over time against the programme's budget, applications and awards by country and by
legal form, and the progress of evaluation; drawn in the browser from JSON, with a table
beside each chart, and as SVG in the PDF summary."""
