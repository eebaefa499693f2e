"""HTTP API: one router per resource under `routes/`, typed dependencies in `deps.py`."""
