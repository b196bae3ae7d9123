"""Amendments to a published call: recorded, versioned, and told to every draft holder."""
