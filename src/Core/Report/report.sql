-- Every thesis row beside ours. A full outer join: a thesis row we have not measured yet keeps
-- ours NULL (rendered "not yet measured"), and a row only we have (e.g. Kendall's tau) keeps
-- thesis NULL. Ours is the mean over seeds of the reported split: 'test' for learned results,
-- 'all' for whole-dataset facts such as class counts. {reference} is a quoted path literal.
WITH reference AS (
    SELECT row_number() OVER () AS position,
           "table", dataset, target, method, input, augmentation,
           coalesce(config, '') AS config, metric,
           CAST(value AS DOUBLE) AS thesis, coalesce(note, '') AS note
    FROM read_csv({reference}, header = true, all_varchar = true)
),
measured AS (
    SELECT "table", dataset, target, method, input, augmentation, config, metric, value, split
    FROM metrics
    UNION ALL
    -- Table 9 sets AttnPred beside the best of Unterthiner et al.'s baselines, LightGBM on per-layer
    -- statistics and their DNN on weights. Table 8 measures both on the same split; they are shown
    -- again here under Table 9's row names (which carry no config).
    SELECT 'table9', dataset, target, method, input, augmentation, '', metric, value, split
    FROM metrics
    WHERE "table" = 'table8'
      AND ((method = 'gbm-paper' AND input = 'stats-layer') OR (method = 'dnn-paper' AND input = 'weights'))
),
ours AS (
    SELECT "table", dataset, target, method, input, augmentation, config, metric,
           avg(value) AS ours, count(*) AS runs
    FROM measured
    WHERE split IN ('test', 'all')
    GROUP BY ALL
)
SELECT "table", dataset, target, method, input, augmentation, config, metric,
       reference.thesis, ours.ours, coalesce(ours.runs, 0) AS runs,
       coalesce(reference.note, '') AS note
FROM reference
FULL OUTER JOIN ours USING ("table", dataset, target, method, input, augmentation, config, metric)
ORDER BY "table", reference.position NULLS LAST, dataset, target, method, input, augmentation, config, metric;
