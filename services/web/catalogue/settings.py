"""UI text of the network settings page and its test mail."""

# key: (Swedish, English)
TEXTS: dict[str, tuple[str, str]] = {
    "settings": ("Inställningar", "Settings"),
    "settings_intro": (
        "Inställningarna gäller hela nätverket. Ingen medlem får något mejl när du sparar.",
        "The settings apply to the whole network. No member is mailed when you save.",
    ),
    "delivery": ("Utskick", "Delivery"),
    "delivery_channel": ("Hur post skickas", "How mail is sent"),
    "channel_smtp": ("E-postserver (SMTP)", "Mail server (SMTP)"),
    "channel_microsoft365": ("Microsoft 365", "Microsoft 365"),
    "organiser_mailbox": ("Organisatörens brevlåda", "Organiser mailbox"),
    "organiser_mailbox_hint": (
        "Brevlådan i Microsoft 365 som inbjudningar och mejl skickas från och som svar "
        "kommer till.",
        "The Microsoft 365 mailbox invitations and mail are sent from and answers come back to.",
    ),
    "reminders": ("Påminnelser", "Reminders"),
    "task_reminder_days": (
        "Påminnelse om uppgift, antal dagar före sista dagen (0: bara på dagen)",
        "Task reminder, days before the due date (0: only on the day)",
    ),
    "deadline_reminder_days": (
        "Påminnelser om tidsfrister, arbetsdagar före sista dagen (till exempel 14, 3)",
        "Deadline reminders, working days before closing (for example 14, 3)",
    ),
    "reminders_hint": (
        "Gäller alla öppna uppgifter och tidsfrister. En påminnelse vars nya dag redan har "
        "passerat skickas inte i efterhand.",
        "Applies to every open task and deadline. A reminder whose new day has already passed "
        "is not sent late.",
    ),
    "reminder_days_list": (
        "Skriv hela dagar mellan 1 och 60, åtskilda med kommatecken, högst fem",
        "Enter whole days from 1 to 60, separated by commas, at most five",
    ),
    "task_days_range": ("Skriv ett heltal mellan 0 och 30", "Enter a whole number from 0 to 30"),
    "quiet_hours": ("Tysta timmar", "Quiet hours"),
    "quiet_hours_text": (
        "Post som inte brådskar och köas utanför de tiderna skickas när utskicken börjar nästa "
        "gång. Inloggningslänkar och ändringar av möten inom ett dygn går ut direkt.",
        "Mail that is not urgent and is queued outside those hours goes when sending next "
        "begins. Sign-in links and changes to meetings within a day go at once.",
    ),
    "send_rule_working_days": (
        "Utskick går ut vardagar {start}–{end}.",
        "Mail goes out on working days, {start}–{end}.",
    ),
    "send_rule_weekdays": (
        "Utskick går ut måndag till fredag {start}–{end}, även på helgdagar.",
        "Mail goes out Monday to Friday, {start}–{end}, public holidays included.",
    ),
    "send_rule_all_but_holidays": (
        "Utskick går ut alla dagar {start}–{end} utom helgdagar.",
        "Mail goes out every day, {start}–{end}, except public holidays.",
    ),
    "send_rule_every_day": (
        "Utskick går ut alla dagar {start}–{end}.",
        "Mail goes out every day, {start}–{end}.",
    ),
    "send_from": ("Utskick från klockan", "Mail from (time)"),
    "send_until": ("Utskick till klockan", "Mail until (time)"),
    "send_days": ("Dagar med utskick", "Days with mail"),
    "send_on_weekends": ("Skicka även lördagar och söndagar", "Send on Saturdays and Sundays too"),
    "send_on_holidays": (
        "Skicka även på helgdagar (röda dagar, midsommarafton, julafton och nyårsafton)",
        "Send on public holidays too (including Midsummer Eve, Christmas Eve and New Year's Eve)",
    ),
    "send_window_hint": (
        "Tider i svensk tid, minst en timme mellan start och slut. Ändringen gäller direkt, även "
        "för post som redan väntar på att skickas.",
        "Times in Swedish time, at least one hour from start to end. The change applies at once, "
        "also to mail already waiting to be sent.",
    ),
    "send_window_changed": (
        "De nya tiderna för utskick gäller från och med nu: {rule}",
        "The new sending hours apply from now on: {rule}",
    ),
    "save_settings": ("Spara inställningar", "Save settings"),
    "settings_saved": (
        "Inställningarna är sparade. Ingen har fått mejl om ändringen.",
        "The settings are saved. Nobody was mailed about the change.",
    ),
    "settings_saved_rearmed": (
        "Inställningarna är sparade. Påminnelserna för öppna uppgifter ({tasks}) och "
        "tidsfrister som inte passerat ({deadlines}) följer nu de nya dagarna. Ingen har fått "
        "mejl om ändringen.",
        "The settings are saved. The reminders of open tasks ({tasks}) and deadlines still "
        "ahead ({deadlines}) now follow the new days. Nobody was mailed about the change.",
    ),
    "test_mail": ("Testmeddelande", "Test message"),
    "test_mail_intro": (
        "Skickar ett mejl till dig ({email}) nu, med det sparade sättet att skicka post.",
        "Sends a mail to you ({email}) now, the saved way of sending mail.",
    ),
    "send_test_mail": ("Skicka testmeddelande", "Send test message"),
    "test_mail_sent": (
        "Testmeddelandet är skickat till {email}. Syns det inte inom några minuter, titta i "
        "skräpposten.",
        "The test message was sent to {email}. If it does not show within a few minutes, look "
        "in the junk folder.",
    ),
    "test_mail_smtp_unreachable": (
        "E-postservern svarar inte. Kontrollera att servern är igång och att adressen och porten "
        "är rätt, eller be driften om hjälp. Inget mejl skickades.",
        "The mail server does not answer. Check that it is running and that its address and port "
        "are right, or ask the operators. No mail was sent.",
    ),
    "test_mail_smtp_auth": (
        "E-postservern godtog inte inloggningen. Driften behöver kontrollera användarnamn och "
        "lösenord för servern. Inget mejl skickades.",
        "The mail server did not accept the sign-in. The operators need to check its user name "
        "and password. No mail was sent.",
    ),
    "test_mail_smtp_refused": (
        "E-postservern vägrade ta emot mejlet till {email}. Kontrollera din adress, eller be "
        "driften se vad servern säger. Inget mejl skickades.",
        "The mail server refused the mail to {email}. Check your address, or ask the operators "
        "what the server says. No mail was sent.",
    ),
    "test_mail_smtp_later": (
        "E-postservern bad oss försöka senare. Vänta några minuter och försök igen.",
        "The mail server asked us to try later. Wait a few minutes and try again.",
    ),
    "test_mail_graph_not_configured": (
        "Microsoft 365 är inte anslutet för den här tjänsten. Driften behöver lägga in "
        "klient-id, hemlighet och organisation, eller välj e-postserver (SMTP) så länge.",
        "Microsoft 365 is not connected for this service. The operators need to add the client "
        "id, secret and tenant, or choose the mail server (SMTP) for now.",
    ),
    "test_mail_graph_auth": (
        "Microsoft 365 godtog inte tjänstens inloggning eller behörighet. Be er "
        "Microsoft 365-administratör att kontrollera appens behörighet Mail.Send och "
        "Calendars.ReadWrite. Inget mejl skickades.",
        "Microsoft 365 did not accept the service's sign-in or permissions. Ask your "
        "Microsoft 365 administrator to check the app's Mail.Send and Calendars.ReadWrite "
        "permissions. No mail was sent.",
    ),
    "test_mail_graph_mailbox": (
        "Microsoft 365 hittar inte organisatörens brevlåda. Kontrollera adressen ovan och spara "
        "igen. Inget mejl skickades.",
        "Microsoft 365 cannot find the organiser mailbox. Check the address above and save "
        "again. No mail was sent.",
    ),
    "test_mail_graph_later": (
        "Microsoft 365 är upptaget eller svarar inte just nu. Vänta några minuter och försök igen.",
        "Microsoft 365 is busy or not answering right now. Wait a few minutes and try again.",
    ),
    "test_mail_graph_refused": (
        "Microsoft 365 vägrade skicka mejlet. Be er Microsoft 365-administratör se över "
        "brevlådan. Inget mejl skickades.",
        "Microsoft 365 refused to send the mail. Ask your Microsoft 365 administrator to look "
        "at the mailbox. No mail was sent.",
    ),
    "test_mail_no_network": ("Nätverket finns inte längre.", "The network no longer exists."),
    "test_result": ("Resultat", "Result"),
}
