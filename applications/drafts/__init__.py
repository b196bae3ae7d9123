"""Drafts: an application being written, its answers and its files."""
