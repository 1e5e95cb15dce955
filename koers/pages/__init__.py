"""The public face's frame: layout, home page, error pages, discretion headers, quick exit."""
