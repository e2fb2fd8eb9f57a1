"""Exports: the graph as other triple stores and tools load it (`interop`), and its events as ACLED and UCDP
rows and GeoJSON (`crosswalk`)."""
