"""Static snapshot maps of a launch, for articles and reports (matplotlib, no browser).

:func:`render_snapshot` draws one launch (or a set of launches) on an azimuthal equidistant projection
centred on the launch site, so distances from the site are true and range rings are circles: Natural Earth
land and borders, EEZ boundaries (Japan's emphasised), geodesic trajectories coloured by class, landing
points labelled with who estimated them, range rings, a graticule, a scale bar, a legend and an
attribution line. It returns PNG or SVG bytes. The projection, graticule, scale bar, label placement and
legend are in :mod:`trajmap.snapshot.layout`.

>>> from trajmap import records
>>> png = render_snapshot(records.load_launches(), event_id="2025-01-06", size=(600, 338))
>>> png[:4]
b'\\x89PNG'
"""

from trajmap.snapshot.render import UnknownEventError, render_snapshot

__all__ = ["UnknownEventError", "render_snapshot"]
