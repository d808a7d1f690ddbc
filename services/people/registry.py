"""The reference network's organisations: demo seed data and the minutes extractor's registry."""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.enums import OrganisationKind as OrganisationKind


@dataclass(frozen=True)
class OrganisationRef:
    """An organisation as the registry knows it: canonical name plus the ways people write it."""

    name: str
    short_name: str
    kind: OrganisationKind
    aliases: tuple[str, ...] = field(default_factory=tuple)


M, A, R, C = (
    OrganisationKind.municipality,
    OrganisationKind.authority,
    OrganisationKind.region,
    OrganisationKind.coordinator,
)

GR_NETWORK_NAME = "Nätverket mottagande och integration"

GR_ORGANISATIONS: tuple[OrganisationRef, ...] = (
    OrganisationRef("Ale", "Ale", M, ("Ale kommun",)),
    OrganisationRef("Alingsås", "Alingsås", M, ("Alingsås kommun", "Alingsas")),
    OrganisationRef("Göteborg", "Göteborg", M, ("Göteborgs Stad", "Göteborgs stad", "Goteborg")),
    OrganisationRef("Härryda", "Härryda", M, ("Härryda kommun",)),
    OrganisationRef("Kungsbacka", "Kungsbacka", M, ("Kungsbacka kommun",)),
    OrganisationRef("Kungälv", "Kungälv", M, ("Kungälvs kommun",)),
    OrganisationRef("Lerum", "Lerum", M, ("Lerums kommun",)),
    OrganisationRef("Lilla Edet", "Lilla Edet", M, ("Lilla Edets kommun",)),
    OrganisationRef("Mölndal", "Mölndal", M, ("Mölndals stad", "Mölndals Stad", "Möndal")),
    OrganisationRef("Partille", "Partille", M, ("Partille kommun",)),
    OrganisationRef("Stenungsund", "Stenungsund", M, ("Stenungsunds kommun",)),
    OrganisationRef("Tjörn", "Tjörn", M, ("Tjörns kommun",)),
    OrganisationRef("Öckerö", "Öckerö", M, ("Öckerö kommun",)),
    OrganisationRef("Arbetsförmedlingen", "AF", A, ("Arbetsförmedlingen", "AF")),
    OrganisationRef(
        "Länsstyrelsen",
        "Lst",
        A,
        ("Länsstyrelsen Västra Götalands län", "Länsstyrelsen i Västra Götalands län", "Lst"),
    ),
    OrganisationRef("Migrationsverket", "MV", A, ("Migrationsverket",)),
    OrganisationRef(
        "Västra Götalandsregionen", "VGR", R, ("VGR", "Västra Götalandsregionen", "Regionen")
    ),
    OrganisationRef(
        "Göteborgsregionen", "GR", C, ("GR", "Göteborgsregionen", "GR, FoU i Väst", "FoU i Väst")
    ),
)
