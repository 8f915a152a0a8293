"""Scale-out: the same extraction on a cluster, written as Hive-partitioned Parquet, then loaded or queried.

  partition    `process_partition(records)`: input records in, the partition's tables out (any engine)
  run          the driver: partitions, resuming, the engine contract (`serial`, or dask_engine.run_on)
  dask_engine  the Dask adapter (LocalCluster or a scheduler's address)
  tables       the Parquet tables and their columns (the store's)
  output       the output folder: atomic files, done markers, fsspec URLs
  inputs       local files and folders, or fsspec URLs
  load         `eventwire load` into the store, and DuckDB views over the folder
See docs/scale.md.
"""
