"""networkx views of the knowledge graph and a few analyses for analysts."""

from kg.network.analytics import meeting_network, most_active, partners
from kg.network.projection import to_networkx

__all__ = ["meeting_network", "most_active", "partners", "to_networkx"]
