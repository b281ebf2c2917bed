"""The local store: ORM rows, opening/migrating the database, import and queries."""
