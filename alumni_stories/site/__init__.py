"""What the site shows: per-language views of the content, the generated pages, formatting and public URLs."""
