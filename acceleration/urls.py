"""The acceleration pages: every sub-domain's urls, included once by the site under /acceleration/."""

urlpatterns: list = []
