"""The build as one pipeline (pipeline.py): read -> validate -> plan -> render -> outputs -> publish.

The site engine drives the order of its own events; an adapter (one per engine) makes each event one call
into the pipeline, through the small port in engine.py. Nothing here knows which engine runs it.
"""
