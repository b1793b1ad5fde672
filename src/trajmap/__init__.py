"""trajmap: geodesic trajectories, landing points, EEZ verdicts and reach for ballistic-missile launches.

The library is UI-free (no Streamlit): records in, geometry, verdicts, maps and files out.
"""

__version__ = "0.1.0"
