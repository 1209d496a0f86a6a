"""Raw files to tidy frames: reading and checksums, the table loaders, codebook and scales,
recommendations and claims (loading only). Imports nothing above it."""
