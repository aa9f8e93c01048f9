-- The Iceberg JDBC catalog's own tables, with the columns Trino, Spark and pyiceberg expect: Quarry's tables can be
-- attached by any engine that speaks `iceberg.catalog.type=jdbc` against this database.
CREATE TABLE iceberg_tables (
  catalog_name               varchar(255) NOT NULL,
  table_namespace            varchar(255) NOT NULL,
  table_name                 varchar(255) NOT NULL,
  metadata_location          varchar(1000),
  previous_metadata_location varchar(1000),
  iceberg_type               varchar(5),
  PRIMARY KEY (catalog_name, table_namespace, table_name)
);

CREATE TABLE iceberg_namespace_properties (
  catalog_name   varchar(255) NOT NULL,
  namespace      varchar(255) NOT NULL,
  property_key   varchar(255) NOT NULL,
  property_value varchar(1000),
  PRIMARY KEY (catalog_name, namespace, property_key)
);
