# From the folder that holds datapackage.json: source("load.R"), or Rscript load.R
# A period bound as a Date: the first day of a start, the last day of an end.
start_date <- function(x, precision) {
  full <- ifelse(precision == "year", paste0(x, "-01-01"),
                 ifelse(precision == "month", paste0(x, "-01"), x))
  as.Date(ifelse(is.na(x), NA_character_, full), format = "%Y-%m-%d")
}
end_date <- function(x, precision) {
  first <- start_date(x, precision)
  after <- ifelse(precision == "year", paste0(as.integer(substr(x, 1, 4)) + 1L, "-01-01"),
                  ifelse(precision == "month", format(first + 31, "%Y-%m-01"), format(first + 1)))
  as.Date(ifelse(is.na(x), NA_character_, after), format = "%Y-%m-%d") - 1
}
read_table <- function(path, types) {
  read.csv(path, colClasses = types, na.strings = "", fileEncoding = "UTF-8",
           check.names = FALSE, strip.white = FALSE)
}

sources <- read_table("data/sources.csv", c(source_id = "character", title = "character", author = "character", publisher = "character", url = "character", published = "Date", original_title = "character", original_publisher = "character", original_url = "character", original_published = "Date", captured = "Date", sha256 = "character", licence_note = "character", note = "character"))

actors <- read_table("data/actors.csv", c(actor_id = "character", kind = "character", name = "character", aliases = "character", country_code = "character", note = "character"))

actor_identifiers <- read_table("data/actor_identifiers.csv", c(actor_id = "character", registry = "character", identifier = "character", verified_url = "character", verified_on = "Date", note = "character"))

places <- read_table("data/places.csv", c(place_id = "character", name = "character", kind = "character", country_code = "character", note = "character"))

locations <- read_table("data/locations.csv", c(location_id = "character", place_id = "character", within_place_id = "character", position_as_stated = "character", inferred = "character", source_id = "character", quote = "character", quote_start = "numeric", quote_end = "numeric", quote_prefix = "character", quote_suffix = "character", note = "character"))

group_sizes <- read_table("data/group_sizes.csv", c(size_id = "character", actor_id = "character", unit = "character", counted = "character", value = "numeric", qualifier = "character", value_as_stated = "character", period_start = "character", period_end = "character", period_precision = "character", period_as_stated = "character", period_basis = "character", place_id = "character", attributed_to = "character", scope = "character", inferred = "character", source_id = "character", quote = "character", quote_start = "numeric", quote_end = "numeric", quote_prefix = "character", quote_suffix = "character", note = "character"))
group_sizes$period_start <- start_date(group_sizes$period_start, group_sizes$period_precision)
group_sizes$period_end <- end_date(group_sizes$period_end, group_sizes$period_precision)

designations <- read_table("data/designations.csv", c(designation_id = "character", designator_id = "character", designated_id = "character", designation_as_stated = "character", period_start = "character", period_end = "character", period_precision = "character", period_as_stated = "character", period_basis = "character", attributed_to = "character", scope = "character", inferred = "character", source_id = "character", quote = "character", quote_start = "numeric", quote_end = "numeric", quote_prefix = "character", quote_suffix = "character", note = "character"))
designations$period_start <- start_date(designations$period_start, designations$period_precision)
designations$period_end <- end_date(designations$period_end, designations$period_precision)

counts <- read_table("data/counts.csv", c(count_id = "character", measure = "character", actor_id = "character", target_id = "character", value = "numeric", qualifier = "character", value_as_stated = "character", unit = "character", period_start = "character", period_end = "character", period_precision = "character", period_as_stated = "character", period_basis = "character", place_id = "character", attributed_to = "character", scope = "character", inferred = "character", source_id = "character", quote = "character", quote_start = "numeric", quote_end = "numeric", quote_prefix = "character", quote_suffix = "character", note = "character"))
counts$period_start <- start_date(counts$period_start, counts$period_precision)
counts$period_end <- end_date(counts$period_end, counts$period_precision)

foreign_fighter_origins <- read_table("data/foreign_fighter_origins.csv", c(origin_id = "character", actor_id = "character", origin_place_id = "character", origin_as_stated = "character", context = "character", among_others = "logical", period_start = "character", period_end = "character", period_precision = "character", period_as_stated = "character", period_basis = "character", place_id = "character", attributed_to = "character", scope = "character", inferred = "character", source_id = "character", quote = "character", quote_start = "numeric", quote_end = "numeric", quote_prefix = "character", quote_suffix = "character", note = "character"))
foreign_fighter_origins$period_start <- start_date(foreign_fighter_origins$period_start, foreign_fighter_origins$period_precision)
foreign_fighter_origins$period_end <- end_date(foreign_fighter_origins$period_end, foreign_fighter_origins$period_precision)

relationships <- read_table("data/relationships.csv", c(relationship_id = "character", subject_id = "character", type = "character", object_id = "character", period_start = "character", period_end = "character", period_precision = "character", period_as_stated = "character", period_basis = "character", place_id = "character", attributed_to = "character", scope = "character", inferred = "character", source_id = "character", quote = "character", quote_start = "numeric", quote_end = "numeric", quote_prefix = "character", quote_suffix = "character", note = "character"))
relationships$period_start <- start_date(relationships$period_start, relationships$period_precision)
relationships$period_end <- end_date(relationships$period_end, relationships$period_precision)

claims <- read_table("data/claims.csv", c(claim_id = "character", actor_id = "character", aspect = "character", claim_as_stated = "character", object_id = "character", hedge_as_stated = "character", period_start = "character", period_end = "character", period_precision = "character", period_as_stated = "character", period_basis = "character", place_id = "character", attributed_to = "character", scope = "character", inferred = "character", source_id = "character", quote = "character", quote_start = "numeric", quote_end = "numeric", quote_prefix = "character", quote_suffix = "character", note = "character"))
claims$period_start <- start_date(claims$period_start, claims$period_precision)
claims$period_end <- end_date(claims$period_end, claims$period_precision)

events <- read_table("data/events.csv", c(event_id = "character", type = "character", title = "character", period_start = "character", period_end = "character", period_precision = "character", period_as_stated = "character", period_basis = "character", place_id = "character", attributed_to = "character", scope = "character", inferred = "character", source_id = "character", quote = "character", quote_start = "numeric", quote_end = "numeric", quote_prefix = "character", quote_suffix = "character", note = "character"))
events$period_start <- start_date(events$period_start, events$period_precision)
events$period_end <- end_date(events$period_end, events$period_precision)

event_actors <- read_table("data/event_actors.csv", c(event_id = "character", actor_id = "character", role = "character", inferred = "character", note = "character"))
