"""Use cases: each module is one thing a person or a channel does to a complaint, and calls the
feature services in the order a reader sees (record, classify, clocks, route, tell). This is
the only layer that composes feature apps; the web layers, channels and the worker call it for
every write."""
