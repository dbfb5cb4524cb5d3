-- From the folder that holds datapackage.json:  sqlite3 jihadistds.sqlite < sqlite3.sql
.bail on

CREATE TABLE "sources" (
  "source_id" TEXT,
  "title" TEXT,
  "author" TEXT,
  "publisher" TEXT,
  "url" TEXT,
  "published" TEXT,
  "original_title" TEXT,
  "original_publisher" TEXT,
  "original_url" TEXT,
  "original_published" TEXT,
  "captured" TEXT,
  "sha256" TEXT,
  "licence_note" TEXT,
  "note" TEXT,
  PRIMARY KEY ("source_id")
);
.import --csv --skip 1 data/sources.csv sources
UPDATE "sources" SET  -- a blank cell is NULL
  "source_id" = NULLIF("source_id", ''),
  "title" = NULLIF("title", ''),
  "author" = NULLIF("author", ''),
  "publisher" = NULLIF("publisher", ''),
  "url" = NULLIF("url", ''),
  "published" = NULLIF("published", ''),
  "original_title" = NULLIF("original_title", ''),
  "original_publisher" = NULLIF("original_publisher", ''),
  "original_url" = NULLIF("original_url", ''),
  "original_published" = NULLIF("original_published", ''),
  "captured" = NULLIF("captured", ''),
  "sha256" = NULLIF("sha256", ''),
  "licence_note" = NULLIF("licence_note", ''),
  "note" = NULLIF("note", '');

CREATE TABLE "actors" (
  "actor_id" TEXT,
  "kind" TEXT,
  "name" TEXT,
  "aliases" TEXT,
  "country_code" TEXT,
  "note" TEXT,
  PRIMARY KEY ("actor_id")
);
.import --csv --skip 1 data/actors.csv actors
UPDATE "actors" SET  -- a blank cell is NULL
  "actor_id" = NULLIF("actor_id", ''),
  "kind" = NULLIF("kind", ''),
  "name" = NULLIF("name", ''),
  "aliases" = NULLIF("aliases", ''),
  "country_code" = NULLIF("country_code", ''),
  "note" = NULLIF("note", '');

CREATE TABLE "actor_identifiers" (
  "actor_id" TEXT,
  "registry" TEXT,
  "identifier" TEXT,
  "verified_url" TEXT,
  "verified_on" TEXT,
  "note" TEXT,
  PRIMARY KEY ("actor_id", "registry")
);
.import --csv --skip 1 data/actor_identifiers.csv actor_identifiers
UPDATE "actor_identifiers" SET  -- a blank cell is NULL
  "actor_id" = NULLIF("actor_id", ''),
  "registry" = NULLIF("registry", ''),
  "identifier" = NULLIF("identifier", ''),
  "verified_url" = NULLIF("verified_url", ''),
  "verified_on" = NULLIF("verified_on", ''),
  "note" = NULLIF("note", '');

CREATE TABLE "places" (
  "place_id" TEXT,
  "name" TEXT,
  "kind" TEXT,
  "country_code" TEXT,
  "note" TEXT,
  PRIMARY KEY ("place_id")
);
.import --csv --skip 1 data/places.csv places
UPDATE "places" SET  -- a blank cell is NULL
  "place_id" = NULLIF("place_id", ''),
  "name" = NULLIF("name", ''),
  "kind" = NULLIF("kind", ''),
  "country_code" = NULLIF("country_code", ''),
  "note" = NULLIF("note", '');

CREATE TABLE "locations" (
  "location_id" TEXT,
  "place_id" TEXT,
  "within_place_id" TEXT,
  "position_as_stated" TEXT,
  "inferred" TEXT,
  "source_id" TEXT,
  "quote" TEXT,
  "quote_start" INTEGER,
  "quote_end" INTEGER,
  "quote_prefix" TEXT,
  "quote_suffix" TEXT,
  "note" TEXT,
  PRIMARY KEY ("location_id")
);
.import --csv --skip 1 data/locations.csv locations
UPDATE "locations" SET  -- a blank cell is NULL
  "location_id" = NULLIF("location_id", ''),
  "place_id" = NULLIF("place_id", ''),
  "within_place_id" = NULLIF("within_place_id", ''),
  "position_as_stated" = NULLIF("position_as_stated", ''),
  "inferred" = NULLIF("inferred", ''),
  "source_id" = NULLIF("source_id", ''),
  "quote" = NULLIF("quote", ''),
  "quote_start" = NULLIF("quote_start", ''),
  "quote_end" = NULLIF("quote_end", ''),
  "quote_prefix" = NULLIF("quote_prefix", ''),
  "quote_suffix" = NULLIF("quote_suffix", ''),
  "note" = NULLIF("note", '');

CREATE TABLE "group_sizes" (
  "size_id" TEXT,
  "actor_id" TEXT,
  "unit" TEXT,
  "counted" TEXT,
  "value" INTEGER,
  "qualifier" TEXT,
  "value_as_stated" TEXT,
  "period_start" TEXT,
  "period_end" TEXT,
  "period_precision" TEXT,
  "period_as_stated" TEXT,
  "period_basis" TEXT,
  "place_id" TEXT,
  "attributed_to" TEXT,
  "scope" TEXT,
  "inferred" TEXT,
  "source_id" TEXT,
  "quote" TEXT,
  "quote_start" INTEGER,
  "quote_end" INTEGER,
  "quote_prefix" TEXT,
  "quote_suffix" TEXT,
  "note" TEXT,
  PRIMARY KEY ("size_id")
);
.import --csv --skip 1 data/group_sizes.csv group_sizes
UPDATE "group_sizes" SET  -- a blank cell is NULL
  "size_id" = NULLIF("size_id", ''),
  "actor_id" = NULLIF("actor_id", ''),
  "unit" = NULLIF("unit", ''),
  "counted" = NULLIF("counted", ''),
  "value" = NULLIF("value", ''),
  "qualifier" = NULLIF("qualifier", ''),
  "value_as_stated" = NULLIF("value_as_stated", ''),
  "period_start" = NULLIF("period_start", ''),
  "period_end" = NULLIF("period_end", ''),
  "period_precision" = NULLIF("period_precision", ''),
  "period_as_stated" = NULLIF("period_as_stated", ''),
  "period_basis" = NULLIF("period_basis", ''),
  "place_id" = NULLIF("place_id", ''),
  "attributed_to" = NULLIF("attributed_to", ''),
  "scope" = NULLIF("scope", ''),
  "inferred" = NULLIF("inferred", ''),
  "source_id" = NULLIF("source_id", ''),
  "quote" = NULLIF("quote", ''),
  "quote_start" = NULLIF("quote_start", ''),
  "quote_end" = NULLIF("quote_end", ''),
  "quote_prefix" = NULLIF("quote_prefix", ''),
  "quote_suffix" = NULLIF("quote_suffix", ''),
  "note" = NULLIF("note", '');
UPDATE "group_sizes" SET
  "period_start" = CASE "period_precision" WHEN 'year' THEN "period_start" || '-01-01' WHEN 'month' THEN "period_start" || '-01' ELSE "period_start" END,
  "period_end" = CASE "period_precision" WHEN 'year' THEN "period_end" || '-12-31' WHEN 'month' THEN date("period_end" || '-01', '+1 month', '-1 day') ELSE "period_end" END;

CREATE TABLE "designations" (
  "designation_id" TEXT,
  "designator_id" TEXT,
  "designated_id" TEXT,
  "designation_as_stated" TEXT,
  "period_start" TEXT,
  "period_end" TEXT,
  "period_precision" TEXT,
  "period_as_stated" TEXT,
  "period_basis" TEXT,
  "attributed_to" TEXT,
  "scope" TEXT,
  "inferred" TEXT,
  "source_id" TEXT,
  "quote" TEXT,
  "quote_start" INTEGER,
  "quote_end" INTEGER,
  "quote_prefix" TEXT,
  "quote_suffix" TEXT,
  "note" TEXT,
  PRIMARY KEY ("designation_id")
);
.import --csv --skip 1 data/designations.csv designations
UPDATE "designations" SET  -- a blank cell is NULL
  "designation_id" = NULLIF("designation_id", ''),
  "designator_id" = NULLIF("designator_id", ''),
  "designated_id" = NULLIF("designated_id", ''),
  "designation_as_stated" = NULLIF("designation_as_stated", ''),
  "period_start" = NULLIF("period_start", ''),
  "period_end" = NULLIF("period_end", ''),
  "period_precision" = NULLIF("period_precision", ''),
  "period_as_stated" = NULLIF("period_as_stated", ''),
  "period_basis" = NULLIF("period_basis", ''),
  "attributed_to" = NULLIF("attributed_to", ''),
  "scope" = NULLIF("scope", ''),
  "inferred" = NULLIF("inferred", ''),
  "source_id" = NULLIF("source_id", ''),
  "quote" = NULLIF("quote", ''),
  "quote_start" = NULLIF("quote_start", ''),
  "quote_end" = NULLIF("quote_end", ''),
  "quote_prefix" = NULLIF("quote_prefix", ''),
  "quote_suffix" = NULLIF("quote_suffix", ''),
  "note" = NULLIF("note", '');
UPDATE "designations" SET
  "period_start" = CASE "period_precision" WHEN 'year' THEN "period_start" || '-01-01' WHEN 'month' THEN "period_start" || '-01' ELSE "period_start" END,
  "period_end" = CASE "period_precision" WHEN 'year' THEN "period_end" || '-12-31' WHEN 'month' THEN date("period_end" || '-01', '+1 month', '-1 day') ELSE "period_end" END;

CREATE TABLE "counts" (
  "count_id" TEXT,
  "measure" TEXT,
  "actor_id" TEXT,
  "target_id" TEXT,
  "value" INTEGER,
  "qualifier" TEXT,
  "value_as_stated" TEXT,
  "unit" TEXT,
  "period_start" TEXT,
  "period_end" TEXT,
  "period_precision" TEXT,
  "period_as_stated" TEXT,
  "period_basis" TEXT,
  "place_id" TEXT,
  "attributed_to" TEXT,
  "scope" TEXT,
  "inferred" TEXT,
  "source_id" TEXT,
  "quote" TEXT,
  "quote_start" INTEGER,
  "quote_end" INTEGER,
  "quote_prefix" TEXT,
  "quote_suffix" TEXT,
  "note" TEXT,
  PRIMARY KEY ("count_id")
);
.import --csv --skip 1 data/counts.csv counts
UPDATE "counts" SET  -- a blank cell is NULL
  "count_id" = NULLIF("count_id", ''),
  "measure" = NULLIF("measure", ''),
  "actor_id" = NULLIF("actor_id", ''),
  "target_id" = NULLIF("target_id", ''),
  "value" = NULLIF("value", ''),
  "qualifier" = NULLIF("qualifier", ''),
  "value_as_stated" = NULLIF("value_as_stated", ''),
  "unit" = NULLIF("unit", ''),
  "period_start" = NULLIF("period_start", ''),
  "period_end" = NULLIF("period_end", ''),
  "period_precision" = NULLIF("period_precision", ''),
  "period_as_stated" = NULLIF("period_as_stated", ''),
  "period_basis" = NULLIF("period_basis", ''),
  "place_id" = NULLIF("place_id", ''),
  "attributed_to" = NULLIF("attributed_to", ''),
  "scope" = NULLIF("scope", ''),
  "inferred" = NULLIF("inferred", ''),
  "source_id" = NULLIF("source_id", ''),
  "quote" = NULLIF("quote", ''),
  "quote_start" = NULLIF("quote_start", ''),
  "quote_end" = NULLIF("quote_end", ''),
  "quote_prefix" = NULLIF("quote_prefix", ''),
  "quote_suffix" = NULLIF("quote_suffix", ''),
  "note" = NULLIF("note", '');
UPDATE "counts" SET
  "period_start" = CASE "period_precision" WHEN 'year' THEN "period_start" || '-01-01' WHEN 'month' THEN "period_start" || '-01' ELSE "period_start" END,
  "period_end" = CASE "period_precision" WHEN 'year' THEN "period_end" || '-12-31' WHEN 'month' THEN date("period_end" || '-01', '+1 month', '-1 day') ELSE "period_end" END;

CREATE TABLE "foreign_fighter_origins" (
  "origin_id" TEXT,
  "actor_id" TEXT,
  "origin_place_id" TEXT,
  "origin_as_stated" TEXT,
  "context" TEXT,
  "among_others" INTEGER,
  "period_start" TEXT,
  "period_end" TEXT,
  "period_precision" TEXT,
  "period_as_stated" TEXT,
  "period_basis" TEXT,
  "place_id" TEXT,
  "attributed_to" TEXT,
  "scope" TEXT,
  "inferred" TEXT,
  "source_id" TEXT,
  "quote" TEXT,
  "quote_start" INTEGER,
  "quote_end" INTEGER,
  "quote_prefix" TEXT,
  "quote_suffix" TEXT,
  "note" TEXT,
  PRIMARY KEY ("origin_id")
);
.import --csv --skip 1 data/foreign_fighter_origins.csv foreign_fighter_origins
UPDATE "foreign_fighter_origins" SET  -- a blank cell is NULL
  "origin_id" = NULLIF("origin_id", ''),
  "actor_id" = NULLIF("actor_id", ''),
  "origin_place_id" = NULLIF("origin_place_id", ''),
  "origin_as_stated" = NULLIF("origin_as_stated", ''),
  "context" = NULLIF("context", ''),
  "among_others" = NULLIF("among_others", ''),
  "period_start" = NULLIF("period_start", ''),
  "period_end" = NULLIF("period_end", ''),
  "period_precision" = NULLIF("period_precision", ''),
  "period_as_stated" = NULLIF("period_as_stated", ''),
  "period_basis" = NULLIF("period_basis", ''),
  "place_id" = NULLIF("place_id", ''),
  "attributed_to" = NULLIF("attributed_to", ''),
  "scope" = NULLIF("scope", ''),
  "inferred" = NULLIF("inferred", ''),
  "source_id" = NULLIF("source_id", ''),
  "quote" = NULLIF("quote", ''),
  "quote_start" = NULLIF("quote_start", ''),
  "quote_end" = NULLIF("quote_end", ''),
  "quote_prefix" = NULLIF("quote_prefix", ''),
  "quote_suffix" = NULLIF("quote_suffix", ''),
  "note" = NULLIF("note", '');
UPDATE "foreign_fighter_origins" SET
  "among_others" = CASE "among_others" WHEN '1' THEN 1 WHEN 'TRUE' THEN 1 WHEN 'True' THEN 1 WHEN 'true' THEN 1 WHEN '0' THEN 0 WHEN 'FALSE' THEN 0 WHEN 'False' THEN 0 WHEN 'false' THEN 0 END,
  "period_start" = CASE "period_precision" WHEN 'year' THEN "period_start" || '-01-01' WHEN 'month' THEN "period_start" || '-01' ELSE "period_start" END,
  "period_end" = CASE "period_precision" WHEN 'year' THEN "period_end" || '-12-31' WHEN 'month' THEN date("period_end" || '-01', '+1 month', '-1 day') ELSE "period_end" END;

CREATE TABLE "relationships" (
  "relationship_id" TEXT,
  "subject_id" TEXT,
  "type" TEXT,
  "object_id" TEXT,
  "period_start" TEXT,
  "period_end" TEXT,
  "period_precision" TEXT,
  "period_as_stated" TEXT,
  "period_basis" TEXT,
  "place_id" TEXT,
  "attributed_to" TEXT,
  "scope" TEXT,
  "inferred" TEXT,
  "source_id" TEXT,
  "quote" TEXT,
  "quote_start" INTEGER,
  "quote_end" INTEGER,
  "quote_prefix" TEXT,
  "quote_suffix" TEXT,
  "note" TEXT,
  PRIMARY KEY ("relationship_id")
);
.import --csv --skip 1 data/relationships.csv relationships
UPDATE "relationships" SET  -- a blank cell is NULL
  "relationship_id" = NULLIF("relationship_id", ''),
  "subject_id" = NULLIF("subject_id", ''),
  "type" = NULLIF("type", ''),
  "object_id" = NULLIF("object_id", ''),
  "period_start" = NULLIF("period_start", ''),
  "period_end" = NULLIF("period_end", ''),
  "period_precision" = NULLIF("period_precision", ''),
  "period_as_stated" = NULLIF("period_as_stated", ''),
  "period_basis" = NULLIF("period_basis", ''),
  "place_id" = NULLIF("place_id", ''),
  "attributed_to" = NULLIF("attributed_to", ''),
  "scope" = NULLIF("scope", ''),
  "inferred" = NULLIF("inferred", ''),
  "source_id" = NULLIF("source_id", ''),
  "quote" = NULLIF("quote", ''),
  "quote_start" = NULLIF("quote_start", ''),
  "quote_end" = NULLIF("quote_end", ''),
  "quote_prefix" = NULLIF("quote_prefix", ''),
  "quote_suffix" = NULLIF("quote_suffix", ''),
  "note" = NULLIF("note", '');
UPDATE "relationships" SET
  "period_start" = CASE "period_precision" WHEN 'year' THEN "period_start" || '-01-01' WHEN 'month' THEN "period_start" || '-01' ELSE "period_start" END,
  "period_end" = CASE "period_precision" WHEN 'year' THEN "period_end" || '-12-31' WHEN 'month' THEN date("period_end" || '-01', '+1 month', '-1 day') ELSE "period_end" END;

CREATE TABLE "claims" (
  "claim_id" TEXT,
  "actor_id" TEXT,
  "aspect" TEXT,
  "claim_as_stated" TEXT,
  "object_id" TEXT,
  "hedge_as_stated" TEXT,
  "period_start" TEXT,
  "period_end" TEXT,
  "period_precision" TEXT,
  "period_as_stated" TEXT,
  "period_basis" TEXT,
  "place_id" TEXT,
  "attributed_to" TEXT,
  "scope" TEXT,
  "inferred" TEXT,
  "source_id" TEXT,
  "quote" TEXT,
  "quote_start" INTEGER,
  "quote_end" INTEGER,
  "quote_prefix" TEXT,
  "quote_suffix" TEXT,
  "note" TEXT,
  PRIMARY KEY ("claim_id")
);
.import --csv --skip 1 data/claims.csv claims
UPDATE "claims" SET  -- a blank cell is NULL
  "claim_id" = NULLIF("claim_id", ''),
  "actor_id" = NULLIF("actor_id", ''),
  "aspect" = NULLIF("aspect", ''),
  "claim_as_stated" = NULLIF("claim_as_stated", ''),
  "object_id" = NULLIF("object_id", ''),
  "hedge_as_stated" = NULLIF("hedge_as_stated", ''),
  "period_start" = NULLIF("period_start", ''),
  "period_end" = NULLIF("period_end", ''),
  "period_precision" = NULLIF("period_precision", ''),
  "period_as_stated" = NULLIF("period_as_stated", ''),
  "period_basis" = NULLIF("period_basis", ''),
  "place_id" = NULLIF("place_id", ''),
  "attributed_to" = NULLIF("attributed_to", ''),
  "scope" = NULLIF("scope", ''),
  "inferred" = NULLIF("inferred", ''),
  "source_id" = NULLIF("source_id", ''),
  "quote" = NULLIF("quote", ''),
  "quote_start" = NULLIF("quote_start", ''),
  "quote_end" = NULLIF("quote_end", ''),
  "quote_prefix" = NULLIF("quote_prefix", ''),
  "quote_suffix" = NULLIF("quote_suffix", ''),
  "note" = NULLIF("note", '');
UPDATE "claims" SET
  "period_start" = CASE "period_precision" WHEN 'year' THEN "period_start" || '-01-01' WHEN 'month' THEN "period_start" || '-01' ELSE "period_start" END,
  "period_end" = CASE "period_precision" WHEN 'year' THEN "period_end" || '-12-31' WHEN 'month' THEN date("period_end" || '-01', '+1 month', '-1 day') ELSE "period_end" END;

CREATE TABLE "events" (
  "event_id" TEXT,
  "type" TEXT,
  "title" TEXT,
  "period_start" TEXT,
  "period_end" TEXT,
  "period_precision" TEXT,
  "period_as_stated" TEXT,
  "period_basis" TEXT,
  "place_id" TEXT,
  "attributed_to" TEXT,
  "scope" TEXT,
  "inferred" TEXT,
  "source_id" TEXT,
  "quote" TEXT,
  "quote_start" INTEGER,
  "quote_end" INTEGER,
  "quote_prefix" TEXT,
  "quote_suffix" TEXT,
  "note" TEXT,
  PRIMARY KEY ("event_id")
);
.import --csv --skip 1 data/events.csv events
UPDATE "events" SET  -- a blank cell is NULL
  "event_id" = NULLIF("event_id", ''),
  "type" = NULLIF("type", ''),
  "title" = NULLIF("title", ''),
  "period_start" = NULLIF("period_start", ''),
  "period_end" = NULLIF("period_end", ''),
  "period_precision" = NULLIF("period_precision", ''),
  "period_as_stated" = NULLIF("period_as_stated", ''),
  "period_basis" = NULLIF("period_basis", ''),
  "place_id" = NULLIF("place_id", ''),
  "attributed_to" = NULLIF("attributed_to", ''),
  "scope" = NULLIF("scope", ''),
  "inferred" = NULLIF("inferred", ''),
  "source_id" = NULLIF("source_id", ''),
  "quote" = NULLIF("quote", ''),
  "quote_start" = NULLIF("quote_start", ''),
  "quote_end" = NULLIF("quote_end", ''),
  "quote_prefix" = NULLIF("quote_prefix", ''),
  "quote_suffix" = NULLIF("quote_suffix", ''),
  "note" = NULLIF("note", '');
UPDATE "events" SET
  "period_start" = CASE "period_precision" WHEN 'year' THEN "period_start" || '-01-01' WHEN 'month' THEN "period_start" || '-01' ELSE "period_start" END,
  "period_end" = CASE "period_precision" WHEN 'year' THEN "period_end" || '-12-31' WHEN 'month' THEN date("period_end" || '-01', '+1 month', '-1 day') ELSE "period_end" END;

CREATE TABLE "event_actors" (
  "event_id" TEXT,
  "actor_id" TEXT,
  "role" TEXT,
  "inferred" TEXT,
  "note" TEXT,
  PRIMARY KEY ("event_id", "actor_id", "role")
);
.import --csv --skip 1 data/event_actors.csv event_actors
UPDATE "event_actors" SET  -- a blank cell is NULL
  "event_id" = NULLIF("event_id", ''),
  "actor_id" = NULLIF("actor_id", ''),
  "role" = NULLIF("role", ''),
  "inferred" = NULLIF("inferred", ''),
  "note" = NULLIF("note", '');
