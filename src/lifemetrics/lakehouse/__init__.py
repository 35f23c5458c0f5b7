"""The lakehouse engine: raw and marts as Iceberg tables on S3-compatible storage, an Iceberg JDBC
catalog in PostgreSQL, Trino running the dbt models (LIFEMETRICS_ENGINE=trino)."""
