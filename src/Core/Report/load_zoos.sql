-- The thesis' zoo sizes; {zoos} is a quoted path literal (data/reference/thesis-zoos.csv).
INSERT INTO thesis_zoo
SELECT dataset, CAST(models AS DOUBLE), CAST(checkpoints AS DOUBLE), coalesce(source, '')
FROM read_csv({zoos}, header = true, all_varchar = true);
