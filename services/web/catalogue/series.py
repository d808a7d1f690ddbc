"""UI text of the series pages: the planning steps, regular series and 'kommun i fokus'."""

# key: (Swedish, English); {n}, {m}, {date} … are filled in by the page.
TEXTS: dict[str, tuple[str, str]] = {
    "series_all": ("Alla serier", "All series"),
    "series_new": ("Ny serie", "New series"),
    "series_new_intro": (
        "Börja med seriens namn och termin. Sedan föreslår vi datum som undviker helgdagar, "
        "klämdagar och lov.",
        "Start with the series' name and term. Then we propose dates that avoid holidays, "
        "bridge days and school breaks.",
    ),
    "series_name": ("Namn", "Name"),
    "series_term": ("Termin", "Term"),
    "series_term_hint": ("Till exempel VT 2027 eller HT 2027.", "For example VT 2027 or HT 2027."),
    "series_description": ("Beskrivning", "Description"),
    "series_location": ("Plats eller videolänk", "Place or video link"),
    "series_create": ("Skapa serien", "Create the series"),
    "series_created": (
        "Serien {name} är skapad. Nästa steg: fråga om veckodagar eller gör ett förslag.",
        "The series {name} is created. Next: ask about weekdays or make a proposal.",
    ),
    "series_saved": ("Ändringarna är sparade.", "The changes are saved."),
    "series_steps": ("Stegen i planeringen", "The planning steps"),
    "series_step_details": ("Uppgifter om serien", "About the series"),
    "series_step_poll": ("Fråga om veckodagar", "Ask about weekdays"),
    "series_step_propose": ("Föreslå datum", "Propose dates"),
    "series_step_send": ("Skicka förslaget", "Send the proposal"),
    "series_step_replies": ("Svar och bekräftelse", "Replies and confirmation"),
    "series_or": ("Eller:", "Or:"),
    # The weekday poll
    "series_poll_intro": (
        "Deltagarna får ett mejl med en länk per halvdag. Varje organisation väger lika "
        "mycket, hur många som än svarar.",
        "Members get a mail with one link per half-day. Each organisation weighs the same, "
        "however many of its members answer.",
    ),
    "series_poll_options": ("Halvdagar att fråga om", "Half-days to ask about"),
    "series_poll_closes": ("Sista svarsdag (frivillig)", "Last day to answer (optional)"),
    "series_poll_send": ("Skicka enkäten till {n} deltagare", "Send the poll to {n} members"),
    "series_poll_send_one": ("Skicka enkäten till 1 deltagare", "Send the poll to 1 member"),
    "series_poll_opened": ("Enkäten skickad till {n} deltagare.", "Poll sent to {n} members."),
    "series_poll_opened_one": ("Enkäten skickad till 1 deltagare.", "Poll sent to 1 member."),
    "series_poll_refused": ("Enkäten gick inte att skicka.", "The poll could not be sent."),
    "series_poll_voted": (
        "{m} deltagare från {o} organisationer har svarat.",
        "{m} members from {o} organisations have answered.",
    ),
    "series_poll_best": ("Passar flest", "Suits most"),
    "series_poll_table": ("Svar per halvdag", "Answers per half-day"),
    "series_poll_live": (
        "Resultatet uppdateras medan svaren kommer in (ladda om sidan om det inte gör det).",
        "The result updates as answers come in (reload the page if it does not).",
    ),
    "series_halfday": ("Halvdag", "Half-day"),
    "series_weight": ("Vikt", "Weight"),
    "series_poll_orgs": ("Organisationer", "Organisations"),
    "series_poll_members": ("Deltagare", "Members"),
    # The proposal
    "series_count": ("Antal möten", "Number of meetings"),
    "series_duration": ("Mötets längd i minuter", "Length in minutes"),
    "series_prefs": ("Önskade dagar, i turordning", "Preferred days, in order"),
    "series_prefs_hint": (
        "Lämna tomt för att planera efter enkätens resultat (eller onsdag och torsdag "
        "eftermiddag om ingen enkät finns).",
        "Leave empty to plan on the poll's result (or Wednesday and Thursday afternoon when "
        "there is no poll).",
    ),
    "series_pref_1": ("Förstahand", "First choice"),
    "series_pref_2": ("Andrahand", "Second choice"),
    "series_pref_3": ("Tredjehand", "Third choice"),
    "series_pref_none": ("Inget val", "No choice"),
    "series_mode": ("Form", "Form"),
    "series_mode_custom": (
        "Första och sista på plats, övriga digitalt",
        "First and last on site, the rest digital",
    ),
    "series_mode_on_site": ("Alla på plats", "All on site"),
    "series_mode_digital": ("Alla digitalt", "All digital"),
    "series_mode_alternate": (
        "Varannan på plats, varannan digitalt",
        "Alternating on site, digital",
    ),
    "series_adjacent": ("Möte bredvid", "Meeting beside"),
    "series_adjacent_none": ("Inget", "None"),
    "series_adjacent_steering": ("Styrgrupp", "Steering group"),
    "series_adjacent_preparatory": ("Beredningsgrupp", "Preparatory group"),
    "series_position": ("När", "When"),
    "series_before": ("Före nätverksmötet", "Before the network meeting"),
    "series_after": ("Efter nätverksmötet", "After the network meeting"),
    "series_adjacent_minutes": ("Längd i minuter", "Length in minutes"),
    "series_propose": ("Föreslå datum", "Propose dates"),
    "series_proposed": (
        "Förslaget har {n} möten. Kontrollera datumen nedan och skicka sedan förslaget.",
        "The proposal has {n} meetings. Check the dates below, then send the proposal.",
    ),
    "series_proposed_one": (
        "Förslaget har 1 möte. Kontrollera datumet nedan och skicka sedan förslaget.",
        "The proposal has 1 meeting. Check the date below, then send the proposal.",
    ),
    "series_propose_refused": (
        "Inget förslag gick att göra: kontrollera termin, antal och dagar.",
        "No proposal could be made: check the term, the number and the days.",
    ),
    "series_too_many": (
        "Bara {n} möten ryms under terminen på de valda dagarna. "
        "Välj färre möten eller fler dagar.",
        "Only {n} meetings fit in the term on the chosen days. Choose fewer meetings or more days.",
    ),
    "series_bad_term": (
        "Okänd eller redan passerad termin: skriv till exempel VT 2027 eller HT 2027.",
        "Unknown or past term: write for example VT 2027 or HT 2027.",
    ),
    "series_propose_waits": (
        "Förslaget väntar på svar till och med {date}. Bekräfta datumen nedan innan du gör ett "
        "nytt förslag.",
        "The proposal awaits replies until {date}. Confirm the dates below before making a new "
        "proposal.",
    ),
    "series_planned_on": ("Planerat på", "Planned on"),
    "series_marks": (
        "Helgdagar, klämdagar och lov under {term}",
        "Holidays, bridge days and breaks in {term}",
    ),
    "series_mark_holiday": ("helgdag", "holiday"),
    "series_mark_bridge": ("klämdag", "bridge day"),
    "series_mark_school_break": ("lov", "school break"),
    "series_week_of": ("Veckan från {day}", "The week from {day}"),
    "series_meetings": ("Seriens möten", "The series' meetings"),
    "series_no_meetings": ("Inga möten ännu.", "No meetings yet."),
    "series_beside": ("Bredvid", "Beside"),
    "series_skipped": ("Dagar närmare som valdes bort", "Closer days passed over"),
    # Sending for silent consent
    "series_send_to": ("Förslaget skickas till {n} deltagare", "The proposal goes to {n} members"),
    "series_send_to_one": ("Förslaget skickas till 1 deltagare", "The proposal goes to 1 member"),
    "series_send_preview": ("Visa utskicket", "Review the mailing"),
    "series_send_title": ("Skicka förslaget", "Send the proposal"),
    "series_send_explain": (
        "Varje deltagare får datumen som gäller dem, med länkar för att svara. Den som inte "
        "svarar senast {date} anses godkänna datumen.",
        "Each member gets the dates that concern them, with links to answer. Whoever does not "
        "answer by {date} is taken to accept the dates.",
    ),
    "series_send_group": (
        "{group} går bara till gruppens {n} deltagare.",
        "{group} go only to the group's {n} members.",
    ),
    "series_group_steering": ("Styrgruppens möten", "The steering group's meetings"),
    "series_group_preparatory": ("Beredningsgruppens möten", "The preparatory group's meetings"),
    "series_send_dates": ("Datum i förslaget", "Dates in the proposal"),
    "series_send_now": ("Skicka förslaget", "Send the proposal"),
    "series_not_now": ("Inte nu", "Not now"),
    "series_sent": (
        "Förslaget skickat till {n} deltagare. Svar senast {date}.",
        "Proposal sent to {n} members. Replies by {date}.",
    ),
    "series_sent_one": (
        "Förslaget skickat till 1 deltagare. Svar senast {date}.",
        "Proposal sent to 1 member. Replies by {date}.",
    ),
    "series_sent_on": (
        "Förslaget skickades {when} till {n} deltagare. Svar senast {date}.",
        "The proposal was sent {when} to {n} members. Replies by {date}.",
    ),
    "series_send_refused": ("Förslaget gick inte att skicka.", "The proposal could not be sent."),
    "series_nothing_to_send": ("Gör ett förslag först.", "Make a proposal first."),
    # Replies and confirmation
    "series_no_replies": ("Inget förslag är utskickat ännu.", "No proposal has been sent yet."),
    "series_confirm_explain": (
        "Datumen utan invändningar bekräftas av sig själva efter {date}. Du kan bekräfta dem "
        "redan nu; inbjudningarna går då ut direkt.",
        "Dates without objections are confirmed by themselves after {date}. You can confirm "
        "them now; the invites then go out at once.",
    ),
    "series_confirm": (
        "Bekräfta datumen utan invändningar",
        "Confirm the dates without objections",
    ),
    "series_confirmed": (
        "{n} möten bekräftade. Inbjudningar skickas till {m} deltagare.",
        "{n} meetings confirmed. Invites go to {m} members.",
    ),
    "series_confirmed_one": (
        "1 möte bekräftat. Inbjudningar skickas till {m} deltagare.",
        "1 meeting confirmed. Invites go to {m} members.",
    ),
    "series_confirmed_none": (
        "Inget möte bekräftades: alla datum har invändningar. Välj nya datum och skicka igen.",
        "No meeting was confirmed: every date has objections. Choose new dates and send again.",
    ),
    "series_confirm_refused": (
        "Datumen gick inte att bekräfta: gör ett nytt förslag.",
        "The dates could not be confirmed: make a new proposal.",
    ),
    "series_not_sent": (
        "Det finns inget utskickat förslag att bekräfta.",
        "There is no proposal out for replies to confirm.",
    ),
    # Regular series by rule
    "series_recurring": ("Återkommande möten", "Regular meetings"),
    "series_recurring_intro": (
        "Möten på en fast dag, till exempel första onsdagen i månaden. Helgdagar och "
        "klämdagar hoppas över.",
        "Meetings on a fixed day, for example the first Wednesday of the month. Holidays and "
        "bridge days are skipped.",
    ),
    "series_frequency": ("Hur ofta", "How often"),
    "series_weekly": ("Varje vecka", "Every week"),
    "series_biweekly": ("Varannan vecka", "Every other week"),
    "series_monthly": ("Varje månad", "Every month"),
    "series_ordinal": ("Vilken i månaden", "Which in the month"),
    "series_first": ("Första", "First"),
    "series_second": ("Andra", "Second"),
    "series_third": ("Tredje", "Third"),
    "series_fourth": ("Fjärde", "Fourth"),
    "series_last": ("Sista", "Last"),
    "series_weekday": ("Veckodag", "Weekday"),
    "series_start": ("Från och med", "From"),
    "series_until": ("Till och med (frivillig)", "Until (optional)"),
    "series_skip_breaks": ("Hoppa även över skollov", "Also skip school breaks"),
    "series_advanced": ("Avancerat: egen regel", "Advanced: your own rule"),
    "series_rrule": ("Regel (RRULE)", "Rule (RRULE)"),
    "series_rrule_hint": (
        "Ersätter valen ovan, till exempel FREQ=MONTHLY;BYDAY=1WE.",
        "Replaces the choices above, for example FREQ=MONTHLY;BYDAY=1WE.",
    ),
    "series_create_recurring": ("Skapa mötena", "Create the meetings"),
    "series_recurring_created": (
        "{n} möten skapade. Hoppades över: {skipped}.",
        "{n} meetings created. Skipped: {skipped}.",
    ),
    "series_recurring_created_one": (
        "1 möte skapat. Hoppades över: {skipped}.",
        "1 meeting created. Skipped: {skipped}.",
    ),
    "series_recurring_all": ("{n} möten skapade.", "{n} meetings created."),
    "series_recurring_all_one": ("1 möte skapat.", "1 meeting created."),
    "series_rule_refused": (
        "Regeln gick inte att använda: kontrollera dag, datum och tider.",
        "The rule could not be used: check the day, the dates and the times.",
    ),
    "series_end_before_start": (
        "Sluttiden måste vara efter starttiden.",
        "The end must be after the start.",
    ),
    # 'Kommun i fokus'
    "series_focus": ("Kommun i fokus", "Municipality in focus"),
    "series_focus_intro": (
        "Ge organisationerna en plats i turordningen: möte 1 får plats 1 och så vidare. Den "
        "som presenterar får en punkt på dagordningen och en påminnelse tre veckor före.",
        "Give the organisations a place in the order: meeting 1 gets place 1 and so on. The "
        "presenter gets an agenda item and a reminder three weeks before.",
    ),
    "series_focus_order": ("Turordning", "Order"),
    "series_org": ("Organisation", "Organisation"),
    "series_place": ("Plats i turordningen", "Place in the order"),
    "series_focus_save": ("Spara turordningen", "Save the order"),
    "series_rotation_saved": (
        "Turordningen är sparad: {n} möten har fått en kommun i fokus.",
        "The order is saved: {n} meetings have a municipality in focus.",
    ),
    "series_rotation_saved_one": (
        "Turordningen är sparad: 1 möte har fått en kommun i fokus.",
        "The order is saved: 1 meeting has a municipality in focus.",
    ),
    "series_rotation_empty": (
        "Ge minst en organisation en plats i turordningen.",
        "Give at least one organisation a place in the order.",
    ),
    "series_same_place": (
        "Två organisationer har samma plats.",
        "Two organisations share a place.",
    ),
    "series_place_number": ("Platsen anges med ett heltal.", "A place is a whole number."),
    "series_bad_value": ("Ogiltigt värde.", "Invalid value."),
    "series_bad_minutes": ("Ange 15–480 minuter.", "Enter 15–480 minutes."),
}
