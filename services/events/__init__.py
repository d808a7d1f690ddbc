"""The engine of reactions: the outbox and the unit of work, consumers and their inbox, database
timers, dead letters. Which reactions exist is services.registry's business, not this package's."""
