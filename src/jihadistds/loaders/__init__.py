"""Loading tables: typed pandas DataFrames (:mod:`.frames`) and frozen pydantic records (:mod:`.records`)."""
