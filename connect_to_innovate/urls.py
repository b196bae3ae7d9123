"""The connect-to-innovate pages: every sub-domain's urls, included once by the site under /connect/."""

urlpatterns: list = []
