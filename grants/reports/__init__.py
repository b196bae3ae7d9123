"""The beneficiaries' reports: progress and final reports with the call's question types,
due dates with reminders, staff review (changes requested or approved, which makes the
next tranche due)."""
