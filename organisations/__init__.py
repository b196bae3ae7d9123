"""Legal entities that apply: profile, members, SME self-assessment."""
