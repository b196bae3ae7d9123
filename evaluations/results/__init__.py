"""The results stage: consensus, ranking, publication of results with the evaluation
summary reports, and the answers to redress requests."""
