"""Commands beside the pipeline: model selection, annotator agreement, the
NLP layer against UD treebanks, and rendering the demo corpus."""
