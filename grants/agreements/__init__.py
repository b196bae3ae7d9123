"""Grant agreements: templates per programme, call kind and language; agreements generated
for accepted awards (one, or a call's batch) as stored PDFs with a verification code."""
