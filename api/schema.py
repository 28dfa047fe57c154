"""OpenAPI links added to the generated schema (a drf-spectacular postprocessing hook, which has
no decorator for them): from the `201` of a create to reading and changing the object it made,
with its `id` from the response body. Clients and the stateful schemathesis run follow them."""

# (collection path, operation ids of the object's path); the create is POST on the collection.
LINKED = [
    ("/api/v1/experts/", "api_v1_experts"),
    ("/api/v1/institutions/", "api_v1_institutions"),
]
NEXT = {
    "retrieve": "Read the object just created.",
    "partial_update": "Change fields of the object just created.",
}


def add_links(result, generator, request, public):
    for path, prefix in LINKED:
        created = result["paths"].get(path, {}).get("post", {}).get("responses", {}).get("201")
        if created is None:
            continue
        created["links"] = {
            f"{prefix}_{action}": {
                "operationId": f"{prefix}_{action}",
                "parameters": {"id": "$response.body#/id"},
                "description": description,
            }
            for action, description in NEXT.items()
        }
    return result
