-- From the folder that holds datapackage.json:  duckdb jihadistds.duckdb < duckdb.sql

CREATE TABLE "sources" AS SELECT *
FROM read_csv('data/sources.csv', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  columns = {
    'source_id': 'VARCHAR',
    'title': 'VARCHAR',
    'author': 'VARCHAR',
    'publisher': 'VARCHAR',
    'url': 'VARCHAR',
    'published': 'DATE',
    'original_title': 'VARCHAR',
    'original_publisher': 'VARCHAR',
    'original_url': 'VARCHAR',
    'original_published': 'DATE',
    'captured': 'DATE',
    'sha256': 'VARCHAR',
    'licence_note': 'VARCHAR',
    'note': 'VARCHAR'
  });

CREATE TABLE "actors" AS SELECT * REPLACE (
  string_split("aliases", '|') AS "aliases"
)
FROM read_csv('data/actors.csv', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  columns = {
    'actor_id': 'VARCHAR',
    'kind': 'VARCHAR',
    'name': 'VARCHAR',
    'aliases': 'VARCHAR',
    'country_code': 'VARCHAR',
    'note': 'VARCHAR'
  });

CREATE TABLE "actor_identifiers" AS SELECT *
FROM read_csv('data/actor_identifiers.csv', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  columns = {
    'actor_id': 'VARCHAR',
    'registry': 'VARCHAR',
    'identifier': 'VARCHAR',
    'verified_url': 'VARCHAR',
    'verified_on': 'DATE',
    'note': 'VARCHAR'
  });

CREATE TABLE "places" AS SELECT *
FROM read_csv('data/places.csv', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  columns = {
    'place_id': 'VARCHAR',
    'name': 'VARCHAR',
    'kind': 'VARCHAR',
    'country_code': 'VARCHAR',
    'note': 'VARCHAR'
  });

CREATE TABLE "locations" AS SELECT *
FROM read_csv('data/locations.csv', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  columns = {
    'location_id': 'VARCHAR',
    'place_id': 'VARCHAR',
    'within_place_id': 'VARCHAR',
    'position_as_stated': 'VARCHAR',
    'inferred': 'VARCHAR',
    'source_id': 'VARCHAR',
    'quote': 'VARCHAR',
    'quote_start': 'BIGINT',
    'quote_end': 'BIGINT',
    'quote_prefix': 'VARCHAR',
    'quote_suffix': 'VARCHAR',
    'note': 'VARCHAR'
  });

CREATE TABLE "group_sizes" AS SELECT * REPLACE (
  CAST(CASE "period_precision" WHEN 'year' THEN "period_start" || '-01-01' WHEN 'month' THEN "period_start" || '-01' ELSE "period_start" END AS DATE) AS "period_start",
  CASE "period_precision" WHEN 'year' THEN CAST("period_end" || '-12-31' AS DATE) WHEN 'month' THEN last_day(CAST("period_end" || '-01' AS DATE)) ELSE CAST("period_end" AS DATE) END AS "period_end"
)
FROM read_csv('data/group_sizes.csv', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  columns = {
    'size_id': 'VARCHAR',
    'actor_id': 'VARCHAR',
    'unit': 'VARCHAR',
    'counted': 'VARCHAR',
    'value': 'BIGINT',
    'qualifier': 'VARCHAR',
    'value_as_stated': 'VARCHAR',
    'period_start': 'VARCHAR',
    'period_end': 'VARCHAR',
    'period_precision': 'VARCHAR',
    'period_as_stated': 'VARCHAR',
    'period_basis': 'VARCHAR',
    'place_id': 'VARCHAR',
    'attributed_to': 'VARCHAR',
    'scope': 'VARCHAR',
    'inferred': 'VARCHAR',
    'source_id': 'VARCHAR',
    'quote': 'VARCHAR',
    'quote_start': 'BIGINT',
    'quote_end': 'BIGINT',
    'quote_prefix': 'VARCHAR',
    'quote_suffix': 'VARCHAR',
    'note': 'VARCHAR'
  });

CREATE TABLE "designations" AS SELECT * REPLACE (
  CAST(CASE "period_precision" WHEN 'year' THEN "period_start" || '-01-01' WHEN 'month' THEN "period_start" || '-01' ELSE "period_start" END AS DATE) AS "period_start",
  CASE "period_precision" WHEN 'year' THEN CAST("period_end" || '-12-31' AS DATE) WHEN 'month' THEN last_day(CAST("period_end" || '-01' AS DATE)) ELSE CAST("period_end" AS DATE) END AS "period_end"
)
FROM read_csv('data/designations.csv', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  columns = {
    'designation_id': 'VARCHAR',
    'designator_id': 'VARCHAR',
    'designated_id': 'VARCHAR',
    'designation_as_stated': 'VARCHAR',
    'period_start': 'VARCHAR',
    'period_end': 'VARCHAR',
    'period_precision': 'VARCHAR',
    'period_as_stated': 'VARCHAR',
    'period_basis': 'VARCHAR',
    'attributed_to': 'VARCHAR',
    'scope': 'VARCHAR',
    'inferred': 'VARCHAR',
    'source_id': 'VARCHAR',
    'quote': 'VARCHAR',
    'quote_start': 'BIGINT',
    'quote_end': 'BIGINT',
    'quote_prefix': 'VARCHAR',
    'quote_suffix': 'VARCHAR',
    'note': 'VARCHAR'
  });

CREATE TABLE "counts" AS SELECT * REPLACE (
  CAST(CASE "period_precision" WHEN 'year' THEN "period_start" || '-01-01' WHEN 'month' THEN "period_start" || '-01' ELSE "period_start" END AS DATE) AS "period_start",
  CASE "period_precision" WHEN 'year' THEN CAST("period_end" || '-12-31' AS DATE) WHEN 'month' THEN last_day(CAST("period_end" || '-01' AS DATE)) ELSE CAST("period_end" AS DATE) END AS "period_end"
)
FROM read_csv('data/counts.csv', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  columns = {
    'count_id': 'VARCHAR',
    'measure': 'VARCHAR',
    'actor_id': 'VARCHAR',
    'target_id': 'VARCHAR',
    'value': 'BIGINT',
    'qualifier': 'VARCHAR',
    'value_as_stated': 'VARCHAR',
    'unit': 'VARCHAR',
    'period_start': 'VARCHAR',
    'period_end': 'VARCHAR',
    'period_precision': 'VARCHAR',
    'period_as_stated': 'VARCHAR',
    'period_basis': 'VARCHAR',
    'place_id': 'VARCHAR',
    'attributed_to': 'VARCHAR',
    'scope': 'VARCHAR',
    'inferred': 'VARCHAR',
    'source_id': 'VARCHAR',
    'quote': 'VARCHAR',
    'quote_start': 'BIGINT',
    'quote_end': 'BIGINT',
    'quote_prefix': 'VARCHAR',
    'quote_suffix': 'VARCHAR',
    'note': 'VARCHAR'
  });

CREATE TABLE "foreign_fighter_origins" AS SELECT * REPLACE (
  CAST(CASE "period_precision" WHEN 'year' THEN "period_start" || '-01-01' WHEN 'month' THEN "period_start" || '-01' ELSE "period_start" END AS DATE) AS "period_start",
  CASE "period_precision" WHEN 'year' THEN CAST("period_end" || '-12-31' AS DATE) WHEN 'month' THEN last_day(CAST("period_end" || '-01' AS DATE)) ELSE CAST("period_end" AS DATE) END AS "period_end"
)
FROM read_csv('data/foreign_fighter_origins.csv', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  columns = {
    'origin_id': 'VARCHAR',
    'actor_id': 'VARCHAR',
    'origin_place_id': 'VARCHAR',
    'origin_as_stated': 'VARCHAR',
    'context': 'VARCHAR',
    'among_others': 'BOOLEAN',
    'period_start': 'VARCHAR',
    'period_end': 'VARCHAR',
    'period_precision': 'VARCHAR',
    'period_as_stated': 'VARCHAR',
    'period_basis': 'VARCHAR',
    'place_id': 'VARCHAR',
    'attributed_to': 'VARCHAR',
    'scope': 'VARCHAR',
    'inferred': 'VARCHAR',
    'source_id': 'VARCHAR',
    'quote': 'VARCHAR',
    'quote_start': 'BIGINT',
    'quote_end': 'BIGINT',
    'quote_prefix': 'VARCHAR',
    'quote_suffix': 'VARCHAR',
    'note': 'VARCHAR'
  });

CREATE TABLE "relationships" AS SELECT * REPLACE (
  CAST(CASE "period_precision" WHEN 'year' THEN "period_start" || '-01-01' WHEN 'month' THEN "period_start" || '-01' ELSE "period_start" END AS DATE) AS "period_start",
  CASE "period_precision" WHEN 'year' THEN CAST("period_end" || '-12-31' AS DATE) WHEN 'month' THEN last_day(CAST("period_end" || '-01' AS DATE)) ELSE CAST("period_end" AS DATE) END AS "period_end"
)
FROM read_csv('data/relationships.csv', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  columns = {
    'relationship_id': 'VARCHAR',
    'subject_id': 'VARCHAR',
    'type': 'VARCHAR',
    'object_id': 'VARCHAR',
    'period_start': 'VARCHAR',
    'period_end': 'VARCHAR',
    'period_precision': 'VARCHAR',
    'period_as_stated': 'VARCHAR',
    'period_basis': 'VARCHAR',
    'place_id': 'VARCHAR',
    'attributed_to': 'VARCHAR',
    'scope': 'VARCHAR',
    'inferred': 'VARCHAR',
    'source_id': 'VARCHAR',
    'quote': 'VARCHAR',
    'quote_start': 'BIGINT',
    'quote_end': 'BIGINT',
    'quote_prefix': 'VARCHAR',
    'quote_suffix': 'VARCHAR',
    'note': 'VARCHAR'
  });

CREATE TABLE "claims" AS SELECT * REPLACE (
  CAST(CASE "period_precision" WHEN 'year' THEN "period_start" || '-01-01' WHEN 'month' THEN "period_start" || '-01' ELSE "period_start" END AS DATE) AS "period_start",
  CASE "period_precision" WHEN 'year' THEN CAST("period_end" || '-12-31' AS DATE) WHEN 'month' THEN last_day(CAST("period_end" || '-01' AS DATE)) ELSE CAST("period_end" AS DATE) END AS "period_end"
)
FROM read_csv('data/claims.csv', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  columns = {
    'claim_id': 'VARCHAR',
    'actor_id': 'VARCHAR',
    'aspect': 'VARCHAR',
    'claim_as_stated': 'VARCHAR',
    'object_id': 'VARCHAR',
    'hedge_as_stated': 'VARCHAR',
    'period_start': 'VARCHAR',
    'period_end': 'VARCHAR',
    'period_precision': 'VARCHAR',
    'period_as_stated': 'VARCHAR',
    'period_basis': 'VARCHAR',
    'place_id': 'VARCHAR',
    'attributed_to': 'VARCHAR',
    'scope': 'VARCHAR',
    'inferred': 'VARCHAR',
    'source_id': 'VARCHAR',
    'quote': 'VARCHAR',
    'quote_start': 'BIGINT',
    'quote_end': 'BIGINT',
    'quote_prefix': 'VARCHAR',
    'quote_suffix': 'VARCHAR',
    'note': 'VARCHAR'
  });

CREATE TABLE "events" AS SELECT * REPLACE (
  CAST(CASE "period_precision" WHEN 'year' THEN "period_start" || '-01-01' WHEN 'month' THEN "period_start" || '-01' ELSE "period_start" END AS DATE) AS "period_start",
  CASE "period_precision" WHEN 'year' THEN CAST("period_end" || '-12-31' AS DATE) WHEN 'month' THEN last_day(CAST("period_end" || '-01' AS DATE)) ELSE CAST("period_end" AS DATE) END AS "period_end"
)
FROM read_csv('data/events.csv', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  columns = {
    'event_id': 'VARCHAR',
    'type': 'VARCHAR',
    'title': 'VARCHAR',
    'period_start': 'VARCHAR',
    'period_end': 'VARCHAR',
    'period_precision': 'VARCHAR',
    'period_as_stated': 'VARCHAR',
    'period_basis': 'VARCHAR',
    'place_id': 'VARCHAR',
    'attributed_to': 'VARCHAR',
    'scope': 'VARCHAR',
    'inferred': 'VARCHAR',
    'source_id': 'VARCHAR',
    'quote': 'VARCHAR',
    'quote_start': 'BIGINT',
    'quote_end': 'BIGINT',
    'quote_prefix': 'VARCHAR',
    'quote_suffix': 'VARCHAR',
    'note': 'VARCHAR'
  });

CREATE TABLE "event_actors" AS SELECT *
FROM read_csv('data/event_actors.csv', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  columns = {
    'event_id': 'VARCHAR',
    'actor_id': 'VARCHAR',
    'role': 'VARCHAR',
    'inferred': 'VARCHAR',
    'note': 'VARCHAR'
  });
