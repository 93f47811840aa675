-- new_scores: the scores of one assess run (the registered arrow frame scores_frame).
CREATE OR REPLACE TEMP TABLE new_scores AS SELECT * FROM scores_frame;
