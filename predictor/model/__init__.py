"""The first-week model: a LightGBM point model on log admissions with conformal P10/P90."""
