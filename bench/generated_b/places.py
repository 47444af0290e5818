"""Places of generator B: California cities with rough populations (in tens of thousands), real
ZIP ranges and area codes, and how much more (or less) often each group lives there than its
statewide share (Glendale's Armenians, Westminster's Vietnamese, Fremont's Indians...). Written
for this generator from general knowledge; approximate on purpose.
"""

from __future__ import annotations

from typing import NamedTuple


class City(NamedTuple):
    name: str
    weight: float
    zips: tuple[str, ...]
    area_codes: tuple[str, ...]
    leaning: dict[str, float]


def _zips(spec: str) -> tuple[str, ...]:
    """'90001-90068 91401' -> every ZIP of the ranges and the single codes."""
    out: list[str] = []
    for part in spec.split():
        if "-" in part:
            lo, hi = part.split("-")
            out.extend(f"{z:05d}" for z in range(int(lo), int(hi) + 1))
        else:
            out.append(part)
    return tuple(out)


def _city(name: str, weight: float, zips: str, codes: str, **leaning: float) -> City:
    return City(name, weight, _zips(zips), tuple(codes.split()), leaning)


CITIES: tuple[City, ...] = (
    _city(
        "Los Angeles",
        300,
        "90001-90068",
        "213 323 310",
        hispanic=1.3,
        korean=3,
        black=1.5,
        armenian=1.2,
    ),
    _city("Van Nuys", 14, "91401-91411", "818 747", armenian=3, hispanic=1.5),
    _city("North Hollywood", 10, "91601-91607", "818 747", armenian=4, hispanic=1.2),
    _city("San Diego", 140, "92101-92139", "619 858", filipino=1.5, vietnamese=1.2),
    _city(
        "San Jose",
        100,
        "95110-95139",
        "408 669",
        vietnamese=3,
        indian=2,
        chinese=1.5,
        hispanic=1.1,
    ),
    _city("San Francisco", 80, "94102-94134", "415 628", chinese=3, filipino=1.5, hispanic=0.6),
    _city("Fresno", 54, "93701-93728", "559", hispanic=1.2, armenian=1.5, indian=1.5),
    _city("Sacramento", 52, "95811-95838", "916 279", black=1.5, hispanic=0.8, indian=1.2),
    _city("Long Beach", 46, "90802-90815", "562", black=1.3, filipino=1.3),
    _city("Oakland", 43, "94601-94621", "510 341", black=3, chinese=1.5),
    _city("Bakersfield", 40, "93301-93314", "661", hispanic=1.3, white=1.1, indian=1.2),
    _city("Anaheim", 35, "92801-92808", "714 657", hispanic=1.3, vietnamese=1.2, mideast=1.5),
    _city("Santa Ana", 31, "92701-92707", "714 657", hispanic=2, vietnamese=1.5),
    _city("Riverside", 32, "92501-92508", "951", hispanic=1.2),
    _city("Stockton", 32, "95202-95215", "209", hispanic=1.2, filipino=1.5, black=1.2),
    _city(
        "Irvine",
        31,
        "92602-92620",
        "949",
        chinese=2.5,
        korean=3,
        indian=2,
        mideast=1.5,
        hispanic=0.3,
    ),
    _city("Chula Vista", 27, "91910-91915", "619", hispanic=1.8, filipino=2),
    _city("Fremont", 23, "94536-94539", "510", indian=4, chinese=3, hispanic=0.4),
    _city("San Bernardino", 22, "92401-92411", "909 840", hispanic=1.6, black=1.5),
    _city("Modesto", 22, "95350-95358", "209", mideast=1.5),
    _city("Fontana", 21, "92335-92337", "909", hispanic=1.6),
    _city("Oxnard", 20, "93030-93036", "805 820", hispanic=2),
    _city("Moreno Valley", 21, "92551-92557", "951", black=1.5, hispanic=1.3),
    _city("Glendale", 20, "91201-91210", "818 747", armenian=25, mideast=2, hispanic=0.4),
    _city("Huntington Beach", 20, "92646-92649", "714 657", white=1.8, vietnamese=1.2),
    _city("Santa Clarita", 23, "91350-91355", "661", white=1.4),
    _city("Garden Grove", 17, "92840-92845", "714 657", vietnamese=6, korean=2),
    _city("Westminster", 9, "92683", "714 657", vietnamese=10),
    _city("Oceanside", 17, "92054-92058", "760 442", white=1.3),
    _city("Rancho Cucamonga", 17, "91701 91730 91737 91739", "909"),
    _city("Ontario", 17, "91761-91764", "909", hispanic=1.5),
    _city("Elk Grove", 17, "95624 95757 95758", "916", indian=2, filipino=1.5, vietnamese=1.5),
    _city("Corona", 16, "92877-92883", "951"),
    _city("Lancaster", 17, "93534-93536", "661", black=1.8, white=1.2),
    _city("Palmdale", 16, "93550-93552", "661", hispanic=1.3),
    _city("Salinas", 16, "93901-93908", "831", hispanic=2.2),
    _city("Pomona", 15, "91766-91768", "909", hispanic=1.7),
    _city("Hayward", 16, "94541-94545", "510", filipino=2, hispanic=1.2),
    _city("Escondido", 15, "92025-92029", "760 442", hispanic=1.3),
    _city("Sunnyvale", 15, "94085-94089", "408 669", indian=3.5, chinese=2),
    _city("Torrance", 15, "90501-90510", "310 424", korean=2.5, chinese=1.5),
    _city("Pasadena", 14, "91101-91107", "626", armenian=3, black=1.2),
    _city("Orange", 14, "92865-92869", "714"),
    _city("Fullerton", 14, "92831-92835", "714 657", korean=3),
    _city("Visalia", 14, "93277 93291 93292", "559", hispanic=1.3),
    _city("Roseville", 15, "95661 95678 95747", "916", white=1.4),
    _city("Concord", 12, "94518-94521", "925"),
    _city("Santa Rosa", 18, "95401-95409", "707", white=1.5),
    _city("Vallejo", 12, "94589-94591", "707", filipino=3, black=2),
    _city("Berkeley", 12, "94702-94710", "510 341", chinese=1.5),
    _city("Daly City", 10, "94014 94015", "650", filipino=6, chinese=2),
    _city("Milpitas", 8, "95035", "408", vietnamese=3, chinese=3, filipino=2, indian=2),
    _city("Alhambra", 8, "91801-91803", "626", chinese=6),
    _city("Monterey Park", 6, "91754 91755", "626", chinese=8),
    _city("El Monte", 11, "91731-91733", "626", hispanic=1.4, chinese=2.5, vietnamese=1.5),
    _city("Burbank", 10, "91501-91506", "818 747", armenian=5),
    _city("Compton", 9, "90220-90222", "310 424", black=2.5, hispanic=1.6),
    _city("Inglewood", 10, "90301-90305", "310 424", black=4, hispanic=1.1),
    _city("Carson", 9, "90745 90746", "310 424", filipino=5, black=2),
    _city("Chico", 10, "95926-95929", "530", white=1.8),
    _city("Redding", 9, "96001-96003", "530", white=2.3),
    _city("Merced", 9, "95340-95348", "209", hispanic=1.4),
    _city("El Centro", 5, "92243", "760 442", hispanic=2),
    _city("Santa Barbara", 9, "93101-93111", "805 820", white=1.3),
    _city("San Luis Obispo", 5, "93401-93405", "805"),
    _city("Eureka", 4, "95501-95503", "707", white=2),
    _city("Victorville", 13, "92392-92395", "760 442", hispanic=1.3, black=1.5),
    _city("Temecula", 11, "92590-92592", "951", white=1.3, filipino=1.3),
    _city("Thousand Oaks", 12, "91360-91362", "805", white=1.6),
    _city("Walnut Creek", 7, "94595-94598", "925", white=1.5),
    _city("Cupertino", 6, "95014", "408", chinese=5, indian=4),
    _city("Union City", 7, "94587", "510", filipino=3, indian=2),
    _city("Tracy", 9, "95376 95377", "209", indian=2),
    _city("Yuba City", 7, "95991-95993", "530", indian=5),
    _city("Turlock", 7, "95380-95382", "209", mideast=3),
)


def _list(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split(sep) if t.strip())


STREET_NAMES: tuple[str, ...] = _list(
    (
        "Main, Oak, Pine, Maple, Cedar, Elm, Washington, Lincoln, Jefferson, Park, Lake, Hill,"
        " Sunset, Mission, El Camino Real, Foothill, Valley, Orange, Palm, Olive, Walnut,"
        " Sycamore, Willow, Magnolia, Jacaranda, Citrus, Vineyard, Ventura, Santa Rosa,"
        " San Pablo, La Brea, Figueroa, Broadway, Grand, Alameda, Bascom, Stevens Creek,"
        " Fruitridge, Florin, Folsom, Auburn, Watt, Arden, Fair Oaks, Sepulveda, Vermont,"
        " Western, Normandie, Hoover, Imperial, Rosecrans, Slauson, Manchester, Crenshaw,"
        " Atlantic, Cherry, Pacific Coast, Beach, Harbor, Bristol, Katella, Euclid, Brookhurst,"
        " Gilbert, Chapman, Lincoln, Garfield, Madison, Monroe, Adams, Jackson, Grant,"
        " Cypress, Eucalyptus, Poplar, Redwood, Sequoia, Manzanita, Live Oak, Alder, Birch,"
        " Spruce, Juniper, Laurel, Acacia, Hawthorne, Primrose, Rosewood, Sierra, Shasta,"
        " Tahoe, Sonoma, Napa, Monterey, Del Mar, Las Palmas, Los Feliz, San Fernando,"
        " Van Nuys, Sherman, Victory, Roscoe, Colorado, Huntington, Whittier, Olympic, Pico,"
        " Cesar Chavez, Martin Luther King Jr, Blackstone, Shaw, Herndon, Ashlan, Cedar Crest,"
        " Meadow, Brookside, Riverside, Ridgecrest, Canyon, Vista, Mesa, Arroyo, Alvarado,"
        " Cabrillo, Portola, Serra, Estrella, Buena Vista, Loma, Camino Del Sol, Tierra Bonita"
    ),
    ",",
)
# (short, long, weight): the short form is what most records carry.
STREET_TYPES: tuple[tuple[str, str, float], ...] = (
    ("St", "Street", 30),
    ("Ave", "Avenue", 28),
    ("Dr", "Drive", 14),
    ("Blvd", "Boulevard", 8),
    ("Rd", "Road", 6),
    ("Ln", "Lane", 4),
    ("Way", "Way", 4),
    ("Ct", "Court", 4),
    ("Pl", "Place", 2),
    ("Cir", "Circle", 2),
)
DIRECTIONS: tuple[tuple[str, str], ...] = (
    ("N", "North"),
    ("S", "South"),
    ("E", "East"),
    ("W", "West"),
)

EMAIL_DOMAINS: tuple[tuple[str, float], ...] = (
    ("gmail.com", 62),
    ("yahoo.com", 9),
    ("icloud.com", 9),
    ("hotmail.com", 7),
    ("outlook.com", 5),
    ("aol.com", 1),
    ("live.com", 1),
    ("att.net", 0.5),
    ("sbcglobal.net", 0.5),
    ("comcast.net", 0.5),
    ("student.cccd.edu", 1.5),
    ("my.smccd.edu", 1),
    ("student.laccd.edu", 2),
)
EMAIL_WORDS: tuple[str, ...] = _list(
    "soccer baller angel cutie music gamer xo princess king queen lil big real official sunny"
    " skater dreamer chill bear tiger wolf dragon rose star moon sol luna blue red vibes"
)

# Area codes used for students' numbers from outside their city (moved, or a phone kept from
# another part of the state).
ALL_AREA_CODES: tuple[str, ...] = tuple(sorted({c for city in CITIES for c in city.area_codes}))
