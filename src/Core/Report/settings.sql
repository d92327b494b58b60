-- Each thesis dataset's zoo, ours beside the thesis' (Table 1, §4.1), as the table `setting`: our
-- models (the ingest stage's split: train + validation + test) and checkpoints, the thesis'
-- (thesis_zoo), and why the two differ enough to decide the numbers (NULL when
-- they do not, or when we have no zoo of that dataset). Read by verdict.sql and shown on the page.
CREATE TABLE setting AS
WITH thesis AS (SELECT * FROM thesis_zoo),
ours AS (
    SELECT zoo.dataset, any_value(zoo.zoo) AS zoo,
           sum(value) FILTER (WHERE metrics.target LIKE 'models-%') AS models,
           sum(value) FILTER (WHERE metrics.target = 'ingested-checkpoints') AS checkpoints
    FROM metrics JOIN zoo ON metrics.dataset = zoo.zoo
    WHERE metrics."table" = 'datasets' AND metrics.method = 'ingest' AND metrics.metric = 'count'
    GROUP BY zoo.dataset
),
short AS (
    SELECT thesis.dataset, ours.zoo, ours.models, thesis.models AS thesis_models,
           ours.checkpoints, thesis.checkpoints AS thesis_checkpoints, thesis.source,
           ours.models < (SELECT least_share FROM setting_rule WHERE setting = 'models') * thesis.models AS few_models,
           ours.checkpoints < (SELECT least_share FROM setting_rule WHERE setting = 'checkpoints') * thesis.checkpoints AS few_checkpoints
    FROM thesis LEFT JOIN ours USING (dataset)
)
SELECT dataset, zoo, models, thesis_models, checkpoints, thesis_checkpoints, source,
       nullif(concat_ws('; ',
           CASE WHEN few_models THEN format('{:,} models against {:,}', CAST(models AS BIGINT), CAST(thesis_models AS BIGINT)) END,
           CASE WHEN few_checkpoints THEN format('{:,} checkpoints against {:,}', CAST(checkpoints AS BIGINT), CAST(thesis_checkpoints AS BIGINT)) END),
       '') AS differs
FROM short;
