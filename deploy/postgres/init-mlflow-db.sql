-- The MLflow tracking store lives beside the portal's database, in its own database.
CREATE DATABASE mlflow OWNER mercredi;
