"""The mail channel: asking for mail, recipients and preferences, rendering, transports and
delivery. It knows no domain but people (the recipients); the domains declare their mail kinds
(services/<domain>/mail.py) and services.registry hands them to it."""
