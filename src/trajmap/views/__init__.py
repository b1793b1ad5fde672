"""What each page shows, without Streamlit: one module per page, each a function from the page's inputs
(records, filters, selection, URL parameters) to a plain value the page renders.

- :mod:`trajmap.views.explorer`: the Explorer (map layers, table rows, estimate cards, URL to write back)
- :mod:`trajmap.views.reach`: the Reach page (rings, targets, the maximum-range reading)
- :mod:`trajmap.views.profile`: the Flight profile page (to-scale chart, comparison rows)
- :mod:`trajmap.views.whatif`: the What-if page (a launch from any site: landing, odds, profile, targets)
- :mod:`trajmap.views.lessons`: the Lessons page (each section's text, map or chart and sources)
- :mod:`trajmap.views.common`: what several pages show alike
"""
