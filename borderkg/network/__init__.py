"""Cooperation networks: projections of the graph into NetworkX, measures, exports."""
