-- The long-format metrics table, as every stage writes it (see MetricsTable.cs).
CREATE TABLE metrics (
    "table" VARCHAR, dataset VARCHAR, target VARCHAR, method VARCHAR, input VARCHAR,
    augmentation VARCHAR, config VARCHAR, metric VARCHAR, value DOUBLE,
    split VARCHAR, seed INTEGER, stage VARCHAR
);
