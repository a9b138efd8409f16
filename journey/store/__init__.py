"""The database: tables, engine, schema migrations, and the read queries every layer shares."""
