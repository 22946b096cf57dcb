"""NLP: one spaCy pipeline per process, plus the project's own components as they are added."""
