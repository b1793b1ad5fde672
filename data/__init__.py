"""The curated tables (launches, sites, places, targets), shipped inside the package as trajmap.data."""
