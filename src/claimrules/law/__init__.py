"""The law layer: rule profiles (schema, loading, dated values, checks, the registry of
built-in and plug-in profiles) and the calendar of business days."""
