"""What each page shows, without Streamlit: one module per page, each a function from the page's inputs
(records, filters, selection, URL parameters) to a plain value the page renders.

- :mod:`trajmap.views.explorer`: the Explorer (map layers, table rows, estimate cards, URL to write back)
- :mod:`trajmap.views.reach`: the Reach page (rings, targets, the maximum-range reading)
- :mod:`trajmap.views.profile`: the Flight profile page (to-scale chart, comparison rows)
- :mod:`trajmap.views.common`: what several pages show alike
"""
