"""What guides applicants beside the form: the call's documents and its published questions and answers."""
