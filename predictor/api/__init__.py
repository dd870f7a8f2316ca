"""The predictor's HTTP API (FastAPI): the week's proposal for any Wednesday, see docs/api.md."""
