from django.urls import path

from calls import views
from calls.feeds import CallAtomFeed, CallRssFeed

urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("feed/rss/", CallRssFeed(), name="call_feed_rss"),
    path("feed/atom/", CallAtomFeed(), name="call_feed_atom"),
    path("<slug:slug>/", views.call_detail, name="call_detail"),
    path("<slug:slug>/deadline.ics", views.call_ical, name="call_ical"),
    path("<slug:slug>/documents/<int:pk>/", views.call_document, name="call_document"),
]
