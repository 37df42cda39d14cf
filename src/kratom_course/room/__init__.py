"""The course in front of a room, built from the committed notebooks and data/ so it never drifts:

- `summary`: the course's key points (from each notebook's Summary) and the one-page claims table
  (from data/), committed as notebooks/key_points.md and notebooks/claims_summary.md;
- `site`: a static website of the notebooks' committed outputs (Sphinx + MyST-NB), offline;
- `slides`: one reveal.js deck per session plan of notebooks/session_plans.json;
- `handouts`: printable PDFs (ReportLab): the claims sheet and one handout per session plan.

The site, slides and handouts need the build-only packages of requirements-site.txt; they are
imported inside the functions that use them, so the rest of the course works without them.
"""
