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
ours AS (
    SELECT "table", dataset, target, method, input, augmentation, config, metric,
           avg(value) AS ours, count(*) AS runs
    FROM metrics
    WHERE split IN ('test', 'all')
    GROUP BY ALL
)
SELECT "table", dataset, target, method, input, augmentation, config, metric,
       reference.thesis, ours.ours, coalesce(ours.runs, 0) AS runs,
       coalesce(reference.note, '') AS note
FROM reference
FULL OUTER JOIN ours USING ("table", dataset, target, method, input, augmentation, config, metric)
ORDER BY "table", reference.position NULLS LAST, dataset, target, method, input, augmentation, config, metric;
