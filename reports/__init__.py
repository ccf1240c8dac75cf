"""Documents built from the graph: State roadmaps and country briefs.

Each document is first built as one structured tree
(:mod:`tagraph.reports.model`) from saved queries run for a viewer, so the
access rules hold; the tree is then rendered as Markdown, DOCX or PDF
(:mod:`tagraph.reports.build`). Every statement carries its sources, and a
document with synthetic content says so at its top.
"""
