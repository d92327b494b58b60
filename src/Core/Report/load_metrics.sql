-- Appends one stage's metrics part; {file} is a quoted path literal.
INSERT INTO metrics
SELECT "table", dataset, target, method, input, augmentation, config, metric, value, split, seed, stage
FROM read_parquet({file});
