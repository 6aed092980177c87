"""Stage 3, nlp: segmentation (interchangeable backends), spaCy documents, concept tagging."""
