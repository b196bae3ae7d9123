"""The newsletter list: double opt-in, one-click unsubscribe, the export for the mail tool."""
