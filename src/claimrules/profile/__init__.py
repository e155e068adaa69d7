"""Rule profiles: schema (``schema``, ``values``), loading with precise errors (``yamlio``,
``loader``, ``checks``), the loaded object (``profile``) and the registry (``registry``)."""
