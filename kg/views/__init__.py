"""The page: `graph.html` with its map, timeline and graph views (`page` assembles it from `occurrences`, `network`,
`layout`, `worldmap` and `templates/`)."""
