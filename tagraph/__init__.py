"""tagraph: a knowledge graph of counter-terrorism technical assistance.

The package is laid out by area, each in a top-level folder of the repository:

- ``tagraph.graph`` (``graph/``): the database layer, schema and local Neo4j server;
- ``tagraph.loaders`` (``loaders/``): datasets to validated records to the graph;
- ``tagraph.queries`` (``queries/``): saved Cypher queries and analytics;
- ``tagraph.app`` (``app/``): the Streamlit explorer.
"""

__version__ = "0.1.0"
