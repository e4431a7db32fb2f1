"""Names of the files one stage leaves for another inside an output folder.

Kept in a module of their own, without imports, so that a stage can name a
file without depending on the code of the stage that reads or writes it
(``dvc.yaml`` lists every module a stage imports).
"""

# The train stage's cross-validated labels of the training sentences, saved
# beside the models; the score stage learns the classifier's error rates
# from them (pipeline.figures.correction).
OUT_OF_FOLD = "out_of_fold.parquet"
