"""The news pages and feeds, under /news/."""

from django.urls import path

from dissemination.news import views
from dissemination.news.feeds import NewsAtomFeed, NewsRssFeed

urlpatterns = [
    path("", views.news_list, name="dissemination_news_list"),
    path("feed/rss/", NewsRssFeed(), name="dissemination_news_feed_rss"),
    path("feed/atom/", NewsAtomFeed(), name="dissemination_news_feed_atom"),
    path("<slug:slug>/", views.news_detail, name="dissemination_news_detail"),
]
