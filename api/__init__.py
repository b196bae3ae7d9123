"""The versioned JSON API: router and URL surface; serializers live in each app's api.py."""
