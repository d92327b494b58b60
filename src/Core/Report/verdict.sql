-- Every report row with its verdict, computed here and never typed: a thesis row is
--   not measured    ours is missing (reason: needs the downloaded zoo, or not yet measured);
--   not comparable  our zoo is too small beside the thesis' (setting.differs names how), or no
--                   tolerance is stated for its metric;
--   reproduced      within the metric's reproduced tolerance, or better than the thesis;
--   partial         within its partial tolerance;
--   not reproduced  otherwise.
-- A row beyond the thesis (thesis NULL: Kendall's tau, MSE beside R², params, counts) has no verdict.
-- Differences are compared with a margin of 1e-9, so a difference of exactly the tolerance counts as within.
WITH judged AS (
    SELECT report.*, tolerance.metric IS NOT NULL AS has_tolerance, tolerance.better,
           tolerance.reproduced, tolerance.partial, tolerance.relative, setting.differs,
           CASE WHEN tolerance.relative THEN abs(ours - thesis) / nullif(abs(thesis), 0) ELSE abs(ours - thesis) END AS error,
           CASE tolerance.better WHEN 'higher' THEN ours - thesis WHEN 'lower' THEN thesis - ours END AS gain,
           report.dataset IN (SELECT dataset FROM download_only) AS download_only
    FROM report
    LEFT JOIN tolerance ON report.metric = tolerance.metric
    LEFT JOIN setting ON report.dataset = setting.dataset
),
verdict AS (
    SELECT *,
        CASE
            WHEN thesis IS NULL THEN NULL
            WHEN ours IS NULL THEN 'not measured'
            WHEN differs IS NOT NULL OR NOT has_tolerance THEN 'not comparable'
            WHEN gain > 0 OR error <= reproduced + 1e-9 THEN 'reproduced'
            WHEN error <= partial + 1e-9 THEN 'partial'
            ELSE 'not reproduced'
        END AS verdict
    FROM judged
)
SELECT "table", dataset, target, method, input, augmentation, config, metric, thesis, ours, runs, note,
       params, noise, quantile, class, predicted, snr, epoch, head, cell_row, cell_column,
       verdict,
       CASE verdict
           WHEN 'not measured' THEN CASE WHEN download_only THEN 'needs the downloaded zoo' ELSE 'not yet measured' END
           WHEN 'not comparable' THEN coalesce(differs, format('no tolerance is stated for {}', metric))
           WHEN 'reproduced' THEN CASE WHEN error <= reproduced + 1e-9 THEN 'within ' || tolerance_text(reproduced, relative)
                                       ELSE 'better than the thesis' END
           WHEN 'partial' THEN 'within ' || tolerance_text(partial, relative)
           WHEN 'not reproduced' THEN CASE WHEN gain < 0 THEN 'worse than the thesis by more than ' ELSE 'off by more than ' END || tolerance_text(partial, relative)
           ELSE ''
       END AS reason
FROM verdict
ORDER BY "table", position NULLS LAST, dataset, target, method, input, augmentation, config, metric;
