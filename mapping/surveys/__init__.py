"""Surveys: the questions, answering them (a draft saved as it is typed), submission and scores."""
