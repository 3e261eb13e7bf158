"""What a venue asks for beyond its required facts: the checks of recommended fields,
sections, victims' names and the period covered (venue_asks), and the facts that are more
than a value, as the front matter prints them (venue_facts)."""
