"""One module per resource, each with an `api` router (JSON under /api, in the OpenAPI description)
and an `html` router (the dashboard's pages, left out of it)."""
