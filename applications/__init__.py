"""Applications to calls: answers, attachments, submission and receipts."""
