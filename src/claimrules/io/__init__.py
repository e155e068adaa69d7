"""Reading claims and writing decisions: one module per file format (JSON Lines, CSV, Parquet
and Arrow) behind one registry (:mod:`claimrules.io.registry`), the facade
:mod:`claimrules.io.formats`, and scale-out on Dask and Spark (:mod:`claimrules.io.scale`)."""
