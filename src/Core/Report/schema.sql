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
-- Our zoos' names and the thesis dataset each stands for (ZooNames.Dataset: cnn-mnist -> mnist), and
-- the datasets only the downloaded zoo has (ZooNames.DownloadOnlyDatasets); appended by ReportQuery.
CREATE TABLE zoo (zoo VARCHAR, dataset VARCHAR);
CREATE TABLE download_only (dataset VARCHAR);
-- The thesis' zoo sizes (data/reference/thesis-zoos.csv, appended by load_zoos.sql; empty without it).
CREATE TABLE thesis_zoo (dataset VARCHAR, models DOUBLE, checkpoints DOUBLE, source VARCHAR);
