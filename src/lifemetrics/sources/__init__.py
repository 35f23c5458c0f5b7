"""Sources: one package per API. They know the API and the raw tables, nothing of models or dashboards."""
