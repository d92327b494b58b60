-- The verdict's rules, stated once: the page and tables/README.md print these tables as they are.
--
-- tolerance: how close ours must be to the thesis' number, per metric. "better" says which way is
-- better: ours beyond the thesis' number that way is reproduced however far ('either': no way is
-- better, e.g. a correlation of a statistic with accuracy is a property of the zoo, not a score).
-- reproduced / partial: the largest |ours - thesis| of each verdict (inclusive); relative: as a
-- share of |thesis| instead of an absolute difference.
CREATE TABLE tolerance AS
SELECT metric, better, CAST(reproduced AS DOUBLE) AS reproduced, CAST(partial AS DOUBLE) AS partial, relative, what FROM (VALUES
    ('r2',       'higher', 0.03, 0.10, false, 'coefficient of determination on the test split'),
    ('f1',       'higher', 0.03, 0.10, false, 'macro F1 on the test split'),
    ('kendall',  'higher', 0.03, 0.10, false, 'Kendall''s tau-b of predicted against true accuracy'),
    ('pearson',  'either', 0.03, 0.10, false, 'correlation of a weight statistic with accuracy: a property of the zoo'),
    ('spearman', 'either', 0.03, 0.10, false, 'rank correlation of a weight statistic with accuracy: a property of the zoo'),
    ('mse',      'lower',  0.25, 0.50, true,  'relative to the thesis'' value: it scales with the spread of the zoo''s accuracies, so read it beside R²')
) AS t(metric, better, reproduced, partial, relative, what);

-- setting_rule: a thesis row is not comparable when our zoo has less than least_share of the
-- thesis' zoo in any of these settings (the zoo's size decides what a number can reach).
CREATE TABLE setting_rule AS
SELECT * FROM (VALUES
    ('models',      0.5),
    ('checkpoints', 0.5)
) AS t(setting, least_share);

-- A tolerance as the verdicts' reasons print it: 0.03, or 25% when relative.
CREATE MACRO tolerance_text(x, relative) AS
    CASE WHEN relative THEN format('{}%', CAST(round(100 * x) AS INTEGER)) ELSE CAST(x AS VARCHAR) END;
