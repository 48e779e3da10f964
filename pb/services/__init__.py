"""Use cases, one transaction each: validate, write, commit; any error rolls everything back.
Views and CLI commands call these; they never write to the database session themselves."""
