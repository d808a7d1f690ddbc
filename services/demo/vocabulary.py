"""Names, agenda items and action phrases of the bulk networks (from the sample minutes)."""

MUNICIPALITIES = (
    "Ale", "Alingsås", "Borås", "Falköping", "Göteborg", "Halmstad", "Härryda", "Jönköping",
    "Kalmar", "Karlstad", "Kungsbacka", "Kungälv", "Lerum", "Lidköping", "Lilla Edet", "Luleå",
    "Lund", "Malmö", "Mölndal", "Norrköping", "Partille", "Skövde", "Stenungsund", "Sundsvall",
    "Tjörn", "Trollhättan", "Umeå", "Uddevalla", "Uppsala", "Vänersborg", "Västerås", "Växjö",
    "Örebro", "Östersund", "Öckerö", "Gävle", "Eskilstuna", "Linköping", "Helsingborg", "Visby",
)  # fmt: skip
AUTHORITIES = (
    ("Arbetsförmedlingen", "AF", "authority"),
    ("Länsstyrelsen", "Lst", "authority"),
    ("Migrationsverket", "MV", "authority"),
    ("Regionen", "Region", "region"),
)
FIRST = (
    "Karin", "Johan", "Sara", "Per", "Elin", "Mikael", "Nadia", "Oskar", "Maria", "Lena",
    "Anders", "Hanna", "Erik", "Amina", "Jonas", "Sofia", "Ali", "Emma", "Fatima", "Lars",
)  # fmt: skip
LAST = (
    "Lindqvist", "Berg", "Holm", "Nyström", "Dahl", "Ek", "Haddad", "Lund", "Sjöberg", "Vik",
    "Strand", "Björk", "Sandberg", "Yusuf", "Falk", "Wall", "Karimi", "Norén", "Åberg", "Öman",
)  # fmt: skip
AGENDA = (
    "Inledning och föregående anteckningar",
    "Information från Länsstyrelsen",
    "Kommun i fokus",
    "Etableringsuppdraget – läget just nu",
    "Samhällsorientering",
    "Utlysning §37a-medel",
    "Övrigt och nästa möte",
)
ACTIONS = (
    ("send_material", "PP-bilderna mejlas ut till nätverket"),
    ("send_material", "Information skickas ut om utlysningen"),
    ("follow_up", "återkommer om studiebesök"),
    ("follow_up", "tittar vidare på frågan inför kommande möte"),
    ("follow_up", "tar fram statistik över mottagandet"),
    ("present_next_meeting", "presenterar sitt arbete nästa möte (kommun i fokus)"),
    ("reply", "svarar på remissen senast fredag"),
    ("survey", "besvarar enkäten om nätverksträffen"),
)
ACTION_WEIGHTS = (18, 10, 20, 15, 12, 8, 10, 7)
MINUTES_TEXT = (
    "Mötesanteckningar nätverksträff {day}\n\nNärvarande: se närvarolista.\n\n"
    "1. Inledning\nFöregående anteckningar godkändes.\n\n"
    "2. Information från Länsstyrelsen\nUtlysningen öppnar 15 februari, ansökan senast 31 mars. "
    "PP-bilderna mejlas ut.\n\n3. Kommun i fokus\n{org} berättade om sitt mottagande. "
    "{org} återkommer om studiebesök.\n\n4. Övrigt\nNästa möte: se kallelse.\n"
)
