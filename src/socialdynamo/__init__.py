"""Social Dynamo: a platform for civil-society empowerment hubs."""
