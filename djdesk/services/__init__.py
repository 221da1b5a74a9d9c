"""Use cases, no Qt. They take a session factory and return plain data or raise typed errors."""
