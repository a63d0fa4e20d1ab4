"""What a build writes: nodes and their visitors, the objects' blocks, the
plan-wide tables, charts, LaTeX support and the open-data files."""
