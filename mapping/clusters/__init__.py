"""The cluster questionnaire and the public registry of clusters, with its country map."""
