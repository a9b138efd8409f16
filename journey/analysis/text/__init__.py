"""Text handling for comments: words, spelling, customer-service cues, word vectors."""
