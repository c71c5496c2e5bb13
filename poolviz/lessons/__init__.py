"""Lessons beyond the walkthrough: the quiz, the implementation race, the shift study. NumPy only."""
