"""Reading claims and writing decisions: JSON Lines, CSV, Parquet and Arrow; batch and
parallel deciding; scale-out on Dask and Spark."""
