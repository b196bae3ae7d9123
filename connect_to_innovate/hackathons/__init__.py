"""Hackathons: challenges brought by social enterprises, coaches and sparring partners, teams and their outcomes."""
