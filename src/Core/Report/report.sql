-- Every thesis row beside ours. A full outer join: a thesis row we have not measured yet keeps
-- ours NULL (rendered "not yet measured"), and a row only we have (e.g. Kendall's tau) keeps
-- thesis NULL. Ours is the mean over seeds of the reported split: 'test' for learned results,
-- 'all' for whole-dataset facts such as class counts. {reference} is a quoted path literal.
-- The typed coordinates (params ... cell_column) follow the config they are spelled out in, so
-- they group with it and come out as they went in. The result is the table `report`, which
-- verdict.sql reads (position: the row's place in the reference, NULL for a row beyond the thesis).
CREATE TABLE report AS
WITH reference AS (
    SELECT row_number() OVER () AS position,
           "table", dataset, target, method, input, augmentation,
           coalesce(config, '') AS config, metric,
           CAST(value AS DOUBLE) AS thesis, coalesce(note, '') AS note
    FROM read_csv({reference}, header = true, all_varchar = true)
),
measured AS (
    SELECT "table", dataset, target, method, input, augmentation, config, metric, value, split,
           params, noise, quantile, class, predicted, snr, epoch, head, cell_row, cell_column
    FROM metrics
    UNION ALL
    -- Rows a table borrows from another (declared beside the table, e.g. Table 9 shows Table 8's
    -- LightGBM on per-layer statistics and DNN on weights): the other table's measurements of that
    -- method and input, shown again under the borrowing table's row names (which carry no config).
    SELECT borrowed."table", m.dataset, m.target, m.method, m.input, m.augmentation, '', m.metric, m.value, m.split,
           m.params, m.noise, m.quantile, m.class, m.predicted, m.snr, m.epoch, m.head, m.cell_row, m.cell_column
    FROM metrics AS m
    JOIN borrowed ON m."table" = borrowed.from_table AND m.method = borrowed.method AND m.input = borrowed.input
),
ours AS (
    SELECT "table", dataset, target, method, input, augmentation, config, metric,
           params, noise, quantile, class, predicted, snr, epoch, head, cell_row, cell_column,
           avg(value) AS ours, count(*) AS runs
    FROM measured
    -- and a validation score that names itself so (Figure 15's R² over training, on the models the trainer selects on)
    WHERE split IN ('test', 'all') OR metric = 'validation-r2'
    GROUP BY ALL
)
SELECT "table", dataset, target, method, input, augmentation, config, metric, reference.position,
       reference.thesis, ours.ours, coalesce(ours.runs, 0) AS runs,
       coalesce(reference.note, '') AS note,
       params, noise, quantile, class, predicted, snr, epoch, head, cell_row, cell_column
FROM reference
FULL OUTER JOIN ours USING ("table", dataset, target, method, input, augmentation, config, metric);
