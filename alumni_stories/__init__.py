"""Domain core of the alumni stories site, plain Python that does not import the site engine.

Layers, each importing only from the ones below it (tests/test_layers.py enforces it):

    cli       the `alumni-stories` command: new profile, check, index, record URLs
    build     the build as one pipeline: read, validate, plan, render, outputs, publish
    outputs   files for partners and machines: feeds, JSON index and API, link previews and share
              images, the search index, permanent addresses
    site      what the site shows: per-language views, the registry of generated pages, browse pages,
              charts, localized formatting, public URLs
    content   what the editors write: model, reading files, schema validation, the catalog of data/,
              programme facts, publishing rules, ordering, safe story bodies
    media     images: portrait checks and renditions
    errors    the problem report every layer gives (file, line, field, fix)

An adapter outside the package connects the pipeline to the site engine, so the site can move to another.
"""
