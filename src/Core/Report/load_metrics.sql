-- Appends one stage's metrics part; {file} is a quoted path literal.
INSERT INTO metrics
SELECT "table", dataset, target, method, input, augmentation, config, metric, value, split, seed, stage,
       params, noise, quantile, class, predicted, snr, epoch, head, cell_row, cell_column
FROM read_parquet({file});
