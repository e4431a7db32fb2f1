"""What a sentence is described by: lexicon markers, grammatical signals,
and the feature table the classifier and the rule baseline read."""
