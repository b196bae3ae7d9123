"""Signature of the grant agreement: the organisation's legal representative accepts the
latest version online (typed name, one box per declaration, time, IP and the PDF's hash
kept) or uploads it signed; staff countersign and the grant becomes active. Staff issue
amendments as new versions; every earlier version and its signature stays."""
