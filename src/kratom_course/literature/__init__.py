"""Literature metadata from the public services: the refresh, the reference check, and the snapshot.

- `queries`: the declared queries (`data/literature_queries.csv`).
- `http`: one HTTP client with a rate limit, bounded retries (Retry-After honoured) and redaction.
- `eutils`: PubMed through NCBI E-utilities (esearch on the history server, batched esummary).
- `ctgov`: ClinicalTrials.gov API v2 (`/studies`, following `nextPageToken`).
- `snapshot`: an alias of `kratom_course.literature_snapshot` (the data layer): the refreshed snapshot
  `data/literature/`, its schema, and reading it back.
- `refresh`: `python -m kratom_course refresh` (all or nothing, atomic swap, provenance).
- `verify`: `python -m kratom_course verify` (every reference against its public record).

Only the snapshot is meant for notebooks (`kratom_course.literature_snapshot`); the rest are
command-line tools and need the network (`httpx`), which notebooks never use.
"""
