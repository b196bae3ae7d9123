"""Offers: staff offer a grant to a published main-list application, the applicant accepts
or declines, a lapsed offer promotes the reserve list, and the cap per recipient holds."""
