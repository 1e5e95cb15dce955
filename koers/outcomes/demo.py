"""Demo participants and questionnaire waves (filled in below)."""
