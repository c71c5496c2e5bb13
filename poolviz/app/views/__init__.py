"""The views of the page: each is `page(ctx, place) -> Place`, and none imports another."""
