-- The long-format metrics table, as every stage writes it (see MetricsTable.cs), and the rows a
-- table borrows from another (ThesisTable.Borrowed, appended by ReportQuery: one row per method and input).
CREATE TABLE metrics (
    "table" VARCHAR, dataset VARCHAR, target VARCHAR, method VARCHAR, input VARCHAR,
    augmentation VARCHAR, config VARCHAR, metric VARCHAR, value DOUBLE,
    split VARCHAR, seed INTEGER, stage VARCHAR,
    params VARCHAR, noise VARCHAR, quantile VARCHAR, class VARCHAR, predicted VARCHAR,
    snr DOUBLE, epoch INTEGER, head INTEGER, cell_row INTEGER, cell_column INTEGER
);
CREATE TABLE borrowed ("table" VARCHAR, from_table VARCHAR, method VARCHAR, input VARCHAR);
